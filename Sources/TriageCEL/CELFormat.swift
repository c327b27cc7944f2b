/// Formatting helpers for CEL literal syntax.
enum CELFormat {
  /// A double in CEL literal syntax that re-parses as a double.
  static func doubleLiteral(_ value: Double) -> String {
    if value.isNaN { return "double(\"NaN\")" }
    if value.isInfinite { return value < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")" }
    let text = "\(value)"
    if text.contains(".") || text.contains("e") { return text }
    return text + ".0"
  }

  /// A string as a double-quoted CEL literal with escapes.
  static func quoted(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          result += "\\x" + hex(scalar.value, digits: 2)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  /// Bytes as a `b"..."` literal.
  static func bytesLiteral(_ value: [UInt8]) -> String {
    var result = "b\""
    for byte in value {
      switch byte {
      case 0x22: result += "\\\""
      case 0x5C: result += "\\\\"
      case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
      default: result += "\\x" + hex(UInt32(byte), digits: 2)
      }
    }
    return result + "\""
  }

  /// Lowercase hexadecimal, zero-padded.
  static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}
