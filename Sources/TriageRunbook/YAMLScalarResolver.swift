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
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
    case ".nan", ".NaN", ".NAN": return .double(.nan)
    default: break
    }
    guard let first = text.utf8.first,
      first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
        || first == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    else { return .string(text) }
    if isDecimalInteger(text), let value = Int64(text) { return .int(value) }
    if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return .int(value) }
    if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return .int(value) }
    if isFloat(text), let value = Double(text) { return .double(value) }
    return .string(text)
  }

  private static func isDecimalInteger(_ text: String) -> Bool {
    var digits = Substring(text)
    if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
    return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
  }

  private static func isFloat(_ text: String) -> Bool {
    text.allSatisfy { $0.isASCIIDigit || "+-.eE".contains($0) } && text.contains { $0.isASCIIDigit }
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
