extension CELValue: Hashable {
  /// CEL equality: numbers compare across types, strings by code points, maps ignore order.
  public static func == (lhs: CELValue, rhs: CELValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.string(let a), .string(let b)): return CELStrings.equal(a, b)
    case (.double(let a), .double(let b)): return a == b
    case (.uint(let a), .uint(let b)): return a == b
    case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int),
      (.double, .uint):
      return CELNumeric.compare(lhs, rhs) == 0
    case (.bytes(let a), .bytes(let b)): return a == b
    case (.list(let a), .list(let b)):
      guard a.count == b.count else { return false }
      for index in a.indices where a[index] != b[index] {
        return false
      }
      return true
    case (.map(let a), .map(let b)): return a == b
    case (.duration(let a), .duration(let b)): return a == b
    case (.timestamp(let a), .timestamp(let b)): return a == b
    case (.type(let a), .type(let b)): return a == b
    default: return false
    }
  }

  /// Hashes consistently with CEL equality (`1`, `1u` and `1.0` hash alike).
  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null:
      hasher.combine(0 as UInt8)
    case .bool(let value):
      hasher.combine(1 as UInt8)
      hasher.combine(value)
    case .int(let value):
      hasher.combine(2 as UInt8)
      hasher.combine(value)
    case .uint(let value):
      if let signed = Int64(exactly: value) {
        hasher.combine(2 as UInt8)
        hasher.combine(signed)
      } else {
        hasher.combine(3 as UInt8)
        hasher.combine(value)
      }
    case .double(let value):
      if let signed = Int64(exactly: value) {
        hasher.combine(2 as UInt8)
        hasher.combine(signed)
      } else if let unsigned = UInt64(exactly: value) {
        hasher.combine(3 as UInt8)
        hasher.combine(unsigned)
      } else {
        hasher.combine(4 as UInt8)
        hasher.combine(value.isNaN ? Double.nan.bitPattern : value.bitPattern)
      }
    case .string(let value):
      hasher.combine(5 as UInt8)
      CELStrings.hash(value, into: &hasher)
    case .bytes(let value):
      hasher.combine(6 as UInt8)
      hasher.combine(value)
    case .list(let elements):
      hasher.combine(7 as UInt8)
      hasher.combine(elements.count)
      for element in elements {
        element.hash(into: &hasher)
      }
    case .map(let map):
      hasher.combine(8 as UInt8)
      hasher.combine(map)
    case .duration(let value):
      hasher.combine(9 as UInt8)
      hasher.combine(value)
    case .timestamp(let value):
      hasher.combine(10 as UInt8)
      hasher.combine(value)
    case .type(let type):
      hasher.combine(11 as UInt8)
      hasher.combine(type)
    }
  }

  /// Orders two values as CEL's `<` does.
  ///
  /// Numbers compare exactly across `int`, `uint` and `double` (`.unordered` when NaN is
  /// involved, making every comparison false); lists, maps, `null` and mixed non-numeric kinds
  /// are `.unsupported` (a "no matching overload" error).
  static func order(_ lhs: CELValue, _ rhs: CELValue) -> CELOrdering {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)): return a < b ? .less : (a == b ? .equal : .greater)
    case (.string(let a), .string(let b)): return CELStrings.compare(a, b)
    case (.double(let a), .double(let b)):
      if a < b { return .less }
      if a > b { return .greater }
      return a == b ? .equal : .unordered
    case (.uint(let a), .uint(let b)): return a < b ? .less : (a == b ? .equal : .greater)
    case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int),
      (.double, .uint):
      switch CELNumeric.compare(lhs, rhs) {
      case .some(let result): return result < 0 ? .less : (result == 0 ? .equal : .greater)
      case .none: return .unordered
      }
    case (.bool(let a), .bool(let b)):
      return a == b ? .equal : (!a ? .less : .greater)
    case (.bytes(let a), .bytes(let b)):
      return a.lexicographicallyPrecedes(b) ? .less : (a == b ? .equal : .greater)
    case (.duration(let a), .duration(let b)): return a < b ? .less : (a == b ? .equal : .greater)
    case (.timestamp(let a), .timestamp(let b)):
      return a < b ? .less : (a == b ? .equal : .greater)
    default: return .unsupported
    }
  }
}

/// The result of ordering two CEL values.
enum CELOrdering {
  case less, equal, greater
  /// Comparable kinds that are unordered (NaN involved): every comparison is false.
  case unordered
  /// No `<` overload exists for the pair of kinds.
  case unsupported
}
