/// Exact comparisons between CEL's numeric kinds.
enum CELNumeric {
  /// Compares two numeric values exactly: negative, zero or positive, or `nil` if either is NaN
  /// or either value is not numeric.
  static func compare(_ lhs: CELValue, _ rhs: CELValue) -> Int? {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.uint(let a), .uint(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.double(let a), .double(let b)):
      if a.isNaN || b.isNaN { return nil }
      return a < b ? -1 : (a == b ? 0 : 1)
    case (.int(let a), .uint(let b)):
      if a < 0 { return -1 }
      let ua = UInt64(a)
      return ua < b ? -1 : (ua == b ? 0 : 1)
    case (.uint, .int): return compare(rhs, lhs).map { -$0 }
    case (.int(let a), .double(let b)): return compareInt(a, b)
    case (.double(let a), .int(let b)): return compareInt(b, a).map { -$0 }
    case (.uint(let a), .double(let b)): return compareUInt(a, b)
    case (.double(let a), .uint(let b)): return compareUInt(b, a).map { -$0 }
    default: return nil
    }
  }

  /// Compares an integer with a double exactly.
  static func compareInt(_ a: Int64, _ b: Double) -> Int? {
    if b.isNaN { return nil }
    // 2^63 is exactly representable; every double >= 2^63 exceeds every Int64.
    if b >= 9_223_372_036_854_775_808.0 { return -1 }
    if b < -9_223_372_036_854_775_808.0 { return 1 }
    let truncated = Int64(b.rounded(.towardZero))
    if a < truncated { return -1 }
    if a > truncated { return 1 }
    let fraction = b - b.rounded(.towardZero)
    return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0)
  }

  /// Compares an unsigned integer with a double exactly.
  static func compareUInt(_ a: UInt64, _ b: Double) -> Int? {
    if b.isNaN { return nil }
    if b >= 18_446_744_073_709_551_616.0 { return -1 }
    if b < 0 { return 1 }
    let truncated = UInt64(b.rounded(.towardZero))
    if a < truncated { return -1 }
    if a > truncated { return 1 }
    return b > b.rounded(.towardZero) ? -1 : 0
  }
}
