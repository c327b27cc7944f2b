/// The type conversion functions `int()`, `uint()`, `double()`, `string()` and friends.
enum CELConversions {
  private static func rangeError(_ function: String) -> CELOutcome {
    .error(CELError("\(function)() argument out of range"))
  }

  static func toInt(_ value: CELValue) -> CELOutcome {
    switch value {
    case .int: return .value(value)
    case .uint(let v):
      guard let result = Int64(exactly: v) else { return rangeError("int") }
      return .value(.int(result))
    case .double(let v):
      // Both bounds exclusive: -2^63 itself is rejected, like cel-go.
      guard v > -9_223_372_036_854_775_808.0, v < 9_223_372_036_854_775_808.0 else {
        return rangeError("int")
      }
      return .value(.int(Int64(v.rounded(.towardZero))))
    case .string(let text):
      guard let result = Int64(text) else {
        return .error(CELError("cannot convert string '\(text)' to int"))
      }
      return .value(.int(result))
    case .timestamp(let timestamp): return .value(.int(timestamp.seconds))
    default: return .error(.noMatchingOverload("int", [value]))
    }
  }

  static func toUInt(_ value: CELValue) -> CELOutcome {
    switch value {
    case .uint: return .value(value)
    case .int(let v):
      guard let result = UInt64(exactly: v) else { return rangeError("uint") }
      return .value(.uint(result))
    case .double(let v):
      guard v > -1, v < 18_446_744_073_709_551_616.0 else { return rangeError("uint") }
      return .value(.uint(UInt64(v.rounded(.towardZero))))
    case .string(let text):
      guard let result = UInt64(text) else {
        return .error(CELError("cannot convert string '\(text)' to uint"))
      }
      return .value(.uint(result))
    default: return .error(.noMatchingOverload("uint", [value]))
    }
  }

  static func toDouble(_ value: CELValue) -> CELOutcome {
    switch value {
    case .double: return .value(value)
    case .int(let v): return .value(.double(Double(v)))
    case .uint(let v): return .value(.double(Double(v)))
    case .string(let text):
      guard let result = parseDouble(text) else {
        return .error(CELError("cannot convert string '\(text)' to double"))
      }
      return .value(.double(result))
    default: return .error(.noMatchingOverload("double", [value]))
    }
  }

  /// Parses a decimal floating-point number, `NaN`, `Infinity` or `-Infinity`.
  static func parseDouble(_ text: String) -> Double? {
    switch text {
    case "NaN": return .nan
    case "Infinity", "+Infinity", "inf", "+inf", "Inf", "+Inf": return .infinity
    case "-Infinity", "-inf", "-Inf": return -.infinity
    default: break
    }
    // Only plain decimal syntax; reject hex floats, "nan" spellings and whitespace.
    var sawDigit = false
    for (offset, c) in text.utf8.enumerated() {
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
      case UInt8(ascii: "+"), UInt8(ascii: "-"):
        if offset != 0 {
          let previous = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: offset - 1)]
          if previous != UInt8(ascii: "e") && previous != UInt8(ascii: "E") { return nil }
        }
      default: return nil
      }
    }
    guard sawDigit else { return nil }
    return Double(text)
  }

  static func toString(_ value: CELValue) -> CELOutcome {
    switch value {
    case .string: return .value(value)
    case .int(let v): return .value(.string(String(v)))
    case .uint(let v): return .value(.string(String(v)))
    case .double(let v): return .value(.string(CELDoubleFormatter.format(v)))
    case .bool(let v): return .value(.string(v ? "true" : "false"))
    case .bytes(let bytes):
      guard let text = String(validating: bytes, as: UTF8.self) else {
        return .error(CELError("invalid UTF-8 in bytes, cannot convert to string"))
      }
      return .value(.string(text))
    case .timestamp(let timestamp): return .value(.string(timestamp.description))
    case .duration(let duration): return .value(.string(duration.description))
    default: return .error(.noMatchingOverload("string", [value]))
    }
  }

  static func toBool(_ value: CELValue) -> CELOutcome {
    switch value {
    case .bool: return .value(value)
    case .string(let text):
      switch text {
      case "true", "True", "TRUE", "t", "1": return .value(.bool(true))
      case "false", "False", "FALSE", "f", "0": return .value(.bool(false))
      default: return .error(CELError("cannot convert string '\(text)' to bool"))
      }
    default: return .error(.noMatchingOverload("bool", [value]))
    }
  }

  static func toBytes(_ value: CELValue) -> CELOutcome {
    switch value {
    case .bytes: return .value(value)
    case .string(let text): return .value(.bytes(Array(text.utf8)))
    default: return .error(.noMatchingOverload("bytes", [value]))
    }
  }

  static func toDuration(_ value: CELValue) -> CELOutcome {
    switch value {
    case .duration: return .value(value)
    case .string(let text):
      guard let duration = CELDuration(parsing: text) else {
        return .error(CELError("invalid duration '\(text)' (malformed or out of range)"))
      }
      return .value(.duration(duration))
    default: return .error(.noMatchingOverload("duration", [value]))
    }
  }

  static func toTimestamp(_ value: CELValue) -> CELOutcome {
    switch value {
    case .timestamp: return .value(value)
    case .string(let text):
      guard let timestamp = CELTimestamp(parsing: text) else {
        return .error(CELError("invalid timestamp '\(text)' (malformed or out of range)"))
      }
      return .value(.timestamp(timestamp))
    case .int(let seconds):
      guard let timestamp = CELTimestamp(seconds: seconds) else {
        return .error(CELError("timestamp out of range"))
      }
      return .value(.timestamp(timestamp))
    default: return .error(.noMatchingOverload("timestamp", [value]))
    }
  }
}

/// Formats doubles like Go's `%g` (as cel-go's `string(double)` does).
enum CELDoubleFormatter {
  static func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    if value == 0 { return value.sign == .minus ? "-0" : "0" }
    // Swift's description is the shortest round-tripping representation; re-layout its digits.
    var text = "\(value.magnitude)"
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponent = Int(text[text.index(after: e)...]) ?? 0
      text = String(text[..<e])
    }
    var digits = ""
    var pointPosition = text.count
    for (offset, c) in text.enumerated() {
      if c == "." {
        pointPosition = offset
      } else {
        digits.append(c)
      }
    }
    // Normalize: strip leading zeros (adjusting the point), trailing zeros.
    var decimalPoint = pointPosition + exponent
    while digits.hasPrefix("0") && digits.count > 1 {
      digits.removeFirst()
      decimalPoint -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 {
      digits.removeLast()
    }
    let sign = value < 0 ? "-" : ""
    let exp = decimalPoint - 1
    // Go's shortest %g switches to exponent form below 1e-4 and from 1e+06 on.
    if exp < -4 || exp >= 6 {
      return sign + scientific(digits, exp)
    }
    if decimalPoint <= 0 {
      return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
    }
    if decimalPoint >= digits.count {
      return sign + digits + String(repeating: "0", count: decimalPoint - digits.count)
    }
    let index = digits.index(digits.startIndex, offsetBy: decimalPoint)
    return sign + digits[..<index] + "." + digits[index...]
  }

  private static func scientific(_ digits: String, _ exp: Int) -> String {
    var mantissa = String(digits.prefix(1))
    if digits.count > 1 { mantissa += "." + digits.dropFirst() }
    let magnitude = String(abs(exp))
    return mantissa + "e" + (exp < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
  }
}
