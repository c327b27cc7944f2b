import TriageCEL

/// Resolves YAML scalars to typed values by YAML 1.2's core schema; quoted scalars stay strings.
enum YAMLScalarResolver {
  static func resolve(_ text: String, style: YAMLNode.Style, tag: String?) -> CELValue {
    if let tag {
      switch tag {
      case "tag:yaml.org,2002:str": return .string(text)
      case "tag:yaml.org,2002:int": return Int64(text).map(CELValue.int) ?? .string(text)
      case "tag:yaml.org,2002:float": return Double(text).map(CELValue.double) ?? .string(text)
      case "tag:yaml.org,2002:bool": return resolvePlain(text)
      case "tag:yaml.org,2002:null": return .null
      default: break
      }
    }
    guard style == .plain else { return .string(text) }
    return resolvePlain(text)
  }

  private static func resolvePlain(_ text: String) -> CELValue {
    // Only a scalar that starts with one of these bytes can be anything but a string.
    guard let first = text.utf8.first else { return .null }
    switch first {
    case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
      UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
      if let keyword = keyword(text) { return keyword }
    default:
      break
    }
    guard
      first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    else { return .string(text) }
    if isDecimalInteger(text), let value = Int64(text) { return .int(value) }
    if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return .int(value) }
    if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return .int(value) }
    if isFloat(text), let value = Double(text) { return .double(value) }
    return .string(text)
  }

  /// The null, booleans, infinities and NaN of the core schema.
  private static func keyword(_ text: String) -> CELValue? {
    switch text {
    case "~", "null", "Null", "NULL": .null
    case "true", "True", "TRUE": .bool(true)
    case "false", "False", "FALSE": .bool(false)
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": .double(.infinity)
    case "-.inf", "-.Inf", "-.INF": .double(-.infinity)
    case ".nan", ".NaN", ".NAN": .double(.nan)
    default: nil
    }
  }

  /// An optional sign, then ASCII digits only (at least one); read a byte at a time.
  private static func isDecimalInteger(_ text: String) -> Bool {
    var digits = text.utf8[...]
    if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { digits = digits.dropFirst() }
    return !digits.isEmpty && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  /// ASCII digits, signs, dots and exponent letters only, with at least one digit.
  private static func isFloat(_ text: String) -> Bool {
    var hasDigit = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): hasDigit = true
      case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
      default: return false
      }
    }
    return hasDigit
  }
}
