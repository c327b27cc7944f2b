import TriageCEL

extension Catalog {
  /// Text with `${fact}` placeholders filled in from known, non-secret facts (`systemctl restart
  /// ${input.service}`, a title `Dependency down: ${dependency.failing}`); a placeholder that
  /// cannot be filled stays as written.
  ///
  /// - Parameter unknownAs: What a placeholder that cannot be filled becomes (a title of an open
  ///   hypothesis reads "… down: ?", not a template); nil keeps it as written.
  public func filled(_ text: String, from facts: FactStore, unknownAs: String? = nil) -> String {
    guard text.containsBytes(of: "${") else { return text }
    var output = text
    for name in PlaceholderTemplate.references(in: text) {
      guard let shown = shownValue(of: name, in: facts) ?? unknownAs else { continue }
      output = PlaceholderTemplate.substitute(output) { $0 == name ? shown : "${\($0)}" } ?? output
    }
    return output
  }

  /// Help text filled in line by line: a line whose placeholder has no value here (unknown, secret
  /// or empty, such as the journal command when `service` is empty) is left out, so help never
  /// suggests a command that names nothing.
  public func filledLines(_ text: String, from facts: FactStore) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
      PlaceholderTemplate.substitute(String(line)) { name in
        shownValue(of: name, in: facts).flatMap { $0.isEmpty ? nil : $0 }
      }
    }.joined(separator: "\n")
  }

  /// A fact's value as placeholder text; nil when it is unknown, secret or not declared.
  private func shownValue(of name: String, in facts: FactStore) -> String? {
    guard let id = factIndex[name], !self.facts[id].secret, let value = facts[id].value else { return nil }
    if case .string(let string) = value { return string }
    return value.description
  }
}
