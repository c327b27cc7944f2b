/// Hints for the YAML traps runbook authors fall into: CEL's `!`, `&&` and `*` read as YAML tags,
/// anchors and aliases; `: ` inside a plain value; tabs.
enum YAMLHint {
  /// The hint for an unknown alias `*name`: no anchor before it, or text that starts with `*`.
  static func alias(_ name: String) -> String {
    "; no anchor '&\(name)' comes before it (text that starts with '*' must be quoted: \"*\(name)\")"
  }

  /// The hint for one of libyaml's syntax errors, or `""`.
  static func forSyntaxError(_ message: String) -> String {
    if message.contains("tab") { return "; indent with spaces: YAML does not allow tabs there" }
    if message.contains("mapping values are not allowed") {
      return "; a ': ' inside a plain value starts a mapping: quote the value (title: \"Cause: detail\")"
    }
    if message.contains("anchor") || message.contains("alias") || message.contains("tag") {
      return "; '!', '&' and '*' are YAML syntax at the start of a value or a word: quote the expression "
        + "(when: \"!a.up && b.up\")"
    }
    if message.contains("while parsing a block") || message.contains("expected <block end>") {
      return "; check this line's indentation against the lines above it"
    }
    return ""
  }

  /// The hint for a scalar that carries a local tag, such as `!result.ok` written unquoted.
  static func forTag(_ tag: String?, text: String) -> String {
    guard let tag, tag.hasPrefix("!"), !tag.hasPrefix("!!"), !tag.hasPrefix("tag:yaml.org") else { return "" }
    let whole = text.isEmpty ? tag : "\(tag) \(text)"
    return " (YAML read '\(tag)' as a tag: quote the expression, \"\(whole)\")"
  }
}
