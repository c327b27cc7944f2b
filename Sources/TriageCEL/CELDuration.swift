/// A signed span of time with nanosecond precision (`google.protobuf.Duration`).
///
/// CEL durations must fit in a signed 64-bit count of nanoseconds (about ±292 years); `seconds`
/// and `nanos` always carry the same sign and `|nanos| < 1_000_000_000`.
public struct CELDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Whole seconds.
  public var seconds: Int64
  /// Nanoseconds beyond `seconds`, with the same sign as `seconds`.
  public var nanos: Int32

  /// Creates a duration from a total count of nanoseconds.
  public init(totalNanoseconds: Int64) {
    seconds = totalNanoseconds / 1_000_000_000
    nanos = Int32(totalNanoseconds % 1_000_000_000)
  }

  /// Creates a duration from seconds and nanoseconds, normalizing them; `nil` when out of range.
  public init?(seconds: Int64, nanos: Int64 = 0) {
    let (scaled, overflow1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    let (total, overflow2) = scaled.addingReportingOverflow(nanos)
    if overflow1 || overflow2 { return nil }
    self.init(totalNanoseconds: total)
  }

  /// Parses a Go-style duration string such as `"1h30m"`, `"-1.5s"` or `"100ms"`.
  ///
  /// Units are `h`, `m`, `s`, `ms`, `us` (or `µs`) and `ns`; returns `nil` when malformed or out
  /// of range.
  public init?(parsing text: String) {
    guard let total = CELDurationParser.parse(text) else { return nil }
    self.init(totalNanoseconds: total)
  }

  /// The duration as a total count of nanoseconds.
  public var totalNanoseconds: Int64 {
    // In range by construction.
    seconds &* 1_000_000_000 &+ Int64(nanos)
  }

  /// The duration in seconds with a decimal fraction and an `s` suffix, such as `"1.5s"`.
  public var description: String {
    let total = totalNanoseconds
    let negative = total < 0
    let magnitude = total.magnitude
    let whole = magnitude / 1_000_000_000
    let fraction = magnitude % 1_000_000_000
    var text = negative ? "-" : ""
    text += String(whole)
    if fraction != 0 {
      var digits = String(fraction)
      digits = String(repeating: "0", count: 9 - digits.count) + digits
      while digits.hasSuffix("0") {
        digits.removeLast()
      }
      text += "." + digits
    }
    return text + "s"
  }

  /// Orders durations by length.
  public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool {
    lhs.totalNanoseconds < rhs.totalNanoseconds
  }
}

/// Parser for Go's `time.ParseDuration` syntax.
enum CELDurationParser {
  /// Returns total nanoseconds, or `nil` when malformed or outside Int64 nanoseconds.
  static func parse(_ text: String) -> Int64? {
    var scalars = Array(text.unicodeScalars)[...]
    var negative = false
    if let sign = scalars.first, sign == "-" || sign == "+" {
      negative = sign == "-"
      scalars = scalars.dropFirst()
    }
    if scalars.count == 1 && scalars.first == "0" { return 0 }
    if scalars.isEmpty { return nil }
    var total: UInt64 = 0
    while !scalars.isEmpty {
      var whole: UInt64 = 0
      var sawDigits = false
      while let c = scalars.first, let digit = digitValue(c) {
        let (m, o1) = whole.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(digit)
        if o1 || o2 { return nil }
        whole = s
        sawDigits = true
        scalars = scalars.dropFirst()
      }
      var fraction: UInt64 = 0
      var scale: UInt64 = 1
      if scalars.first == "." {
        scalars = scalars.dropFirst()
        while let c = scalars.first, let digit = digitValue(c) {
          sawDigits = true
          if scale < 1_000_000_000_000_000 {
            fraction = fraction * 10 + digit
            scale *= 10
          }
          scalars = scalars.dropFirst()
        }
      }
      guard sawDigits else { return nil }
      var unitText = ""
      while let c = scalars.first, c != ".", digitValue(c) == nil {
        unitText.unicodeScalars.append(c)
        scalars = scalars.dropFirst()
      }
      guard let unit = unitNanoseconds(unitText) else { return nil }
      let (wholeNanos, o1) = whole.multipliedReportingOverflow(by: unit)
      if o1 { return nil }
      // fraction * unit / scale, exactly: fraction < scale, so the quotient is below `unit`.
      let fractionNanos = scale.dividingFullWidth(fraction.multipliedFullWidth(by: unit)).quotient
      let (sum1, o2) = total.addingReportingOverflow(wholeNanos)
      let (sum2, o3) = sum1.addingReportingOverflow(fractionNanos)
      if o2 || o3 { return nil }
      total = sum2
      if total > UInt64(Int64.max) + (negative ? 1 : 0) { return nil }
    }
    if negative {
      return total == UInt64(Int64.max) + 1 ? Int64.min : -Int64(total)
    }
    return Int64(total)
  }

  private static func digitValue(_ c: Unicode.Scalar) -> UInt64? {
    guard c.value >= 48 && c.value <= 57 else { return nil }
    return UInt64(c.value - 48)
  }

  private static func unitNanoseconds(_ unit: String) -> UInt64? {
    switch unit {
    case "ns": return 1
    case "us", "\u{00B5}s", "\u{03BC}s": return 1_000
    case "ms": return 1_000_000
    case "s": return 1_000_000_000
    case "m": return 60_000_000_000
    case "h": return 3_600_000_000_000
    default: return nil
    }
  }
}
