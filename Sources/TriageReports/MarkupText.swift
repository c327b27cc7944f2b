import TriageCore

/// Text made safe for XML, HTML and SVG: element content and attribute values alike.
enum MarkupText {
  /// `text` with credentials inside URLs and assignments redacted (before escaping, which would
  /// hide a quoted password from the redaction), then `&`, `<`, `>`, `"` and `'` as character
  /// references, newlines as `&#10;` (kept inside attributes), tabs and carriage returns as
  /// spaces, and the characters XML 1.0 forbids dropped.
  static func escape(_ text: String) -> String {
    let text = CredentialRedaction.redact(text)
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      case "\n": output += "&#10;"
      case "\t", "\r": output += " "
      case let c where c.value < 0x20 || (0xFFFE...0xFFFF).contains(c.value): continue
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }
}
