/// Definitions of one kind by id, in load order, with override and disable.
struct DefinitionTable<Spec> {
  let kind: String
  private(set) var order: [String] = []
  private(set) var byID: [String: (spec: Spec, location: SourceLocation)] = [:]

  init(kind: String) {
    self.kind = kind
  }

  /// The surviving definitions in load order (an override keeps the original's place).
  var all: [Spec] { order.compactMap { byID[$0]?.spec } }

  mutating func add(_ spec: Spec, id: Located<String>, override: Bool, into diagnostics: inout [Diagnostic]) {
    if let existing = byID[id.value] {
      if override {
        byID[id.value] = (spec, id.location)
      } else {
        diagnostics.append(
          Diagnostic(
            .error, "duplicate \(kind) id '\(id.value)' (first defined at \(existing.location))", at: id.location))
      }
      return
    }
    if override {
      diagnostics.append(
        Diagnostic(.error, "\(kind) '\(id.value)' overrides nothing: no \(kind) has that id", at: id.location))
    }
    order.append(id.value)
    byID[id.value] = (spec, id.location)
  }

  mutating func remove(_ id: String) -> Bool {
    guard byID.removeValue(forKey: id) != nil else { return false }
    return true
  }

  func contains(_ id: String) -> Bool { byID[id] != nil }
}
