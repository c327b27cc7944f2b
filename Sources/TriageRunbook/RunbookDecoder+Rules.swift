import TriageCEL
import TriageCore

extension RunbookDecoder {
  mutating func rule(_ node: YAMLNode) -> RuleSpec? {
    let keys = ["id", "when", "derive", "conclude", "certainty", "because", "override"]
    guard let fields = decoder.mapping(node, "rule", keys: keys, required: ["id", "when"]),
      let id = decoder.identifier(fields["id"], "id")
    else { return nil }
    let when = decoder.expression(fields["when"], "when")
    let action: RuleSpec.Action?
    switch (fields["derive"], fields["conclude"]) {
    case (let derive?, nil):
      if let certainty = fields.keyLocation("certainty") {
        decoder.error("'certainty' belongs to a rule that concludes a cause, not one that derives facts", at: certainty)
      }
      action = derivations(derive).map { .derive($0) }
    case (nil, let conclude?):
      let certainty = fields["certainty"].map { decoder.number($0, "certainty") } ?? Located(1, at: conclude.location)
      if let cause = decoder.identifier(conclude, "conclude"), let certainty {
        action = .conclude(cause: cause, certainty: certainty)
      } else {
        action = nil
      }
    default:
      decoder.error("rule '\(id.value)' needs exactly one of 'derive' or 'conclude'", at: node.location)
      action = nil
    }
    guard let when, let action else { return nil }
    return RuleSpec(
      id: id, when: when, action: action, because: decoder.string(fields["because"], "because")?.value,
      override: decoder.bool(fields["override"], "override") ?? false)
  }

  /// `derive: fact`, `derive: [fact, …]` (each set to true) or `derive: {fact: expression, …}`.
  private mutating func derivations(_ node: YAMLNode) -> [(fact: Located<String>, expression: ExpressionText)]? {
    switch node.content {
    case .scalar, .sequence:
      let names = decoder.strings(node, "derive")
      return names.isEmpty ? nil : names.map { ($0, ExpressionText("true", at: $0.location)) }
    case .mapping:
      guard let entries = decoder.namedEntries(node, "derive") else { return nil }
      var result: [(fact: Located<String>, expression: ExpressionText)] = []
      for (fact, value) in entries {
        guard let expression = decoder.expression(value, fact.value) else { continue }
        result.append((fact, expression))
      }
      return result.count == entries.count && !result.isEmpty ? result : nil
    }
  }

  mutating func cause(_ node: YAMLNode) -> CauseSpec? {
    let keys = ["id", "title", "summary", "explains", "remediation", "prevention", "references", "override"]
    guard let fields = decoder.mapping(node, "cause", keys: keys, required: ["id", "title", "explains"]),
      let id = decoder.identifier(fields["id"], "id"), let title = decoder.string(fields["title"], "title")
    else { return nil }
    return CauseSpec(
      id: id, title: title.value, summary: decoder.string(fields["summary"], "summary")?.value,
      explains: decoder.strings(fields["explains"], "explains"),
      remediation: list(fields["remediation"], "remediation") { $0.remediationStep($1) },
      prevention: decoder.strings(fields["prevention"], "prevention").map(\.value),
      references: decoder.strings(fields["references"], "references").map(\.value),
      override: decoder.bool(fields["override"], "override") ?? false)
  }

  /// A step is text, or `{step: text, commands: [...], when: condition}`.
  mutating func remediationStep(_ node: YAMLNode) -> RemediationSpec? {
    if case .scalar = node.content {
      return decoder.string(node, "remediation").map {
        RemediationSpec(step: RemediationStep(text: $0.value, commands: []), location: node.location)
      }
    }
    let keys = ["step", "commands", "when"]
    guard let fields = decoder.mapping(node, "remediation step", keys: keys, required: ["step"]) else { return nil }
    return remediationSpec(fields, cause: nil, at: node.location)
  }

  /// A step a file adds to a cause defined anywhere: `{cause: id, step: text, commands: [...], when: condition}`.
  mutating func addedRemediationStep(_ node: YAMLNode) -> RemediationSpec? {
    let keys = ["cause", "step", "commands", "when"]
    guard let fields = decoder.mapping(node, "remediation step", keys: keys, required: ["cause", "step"]),
      let cause = decoder.identifier(fields["cause"], "cause")
    else { return nil }
    return remediationSpec(fields, cause: cause, at: node.location)
  }

  private mutating func remediationSpec(
    _ fields: Fields, cause: Located<String>?, at location: SourceLocation
  ) -> RemediationSpec? {
    guard let text = decoder.string(fields["step"], "step") else { return nil }
    let when = fields["when"].flatMap { decoder.expression($0, "when") }
    if fields["when"] != nil, when == nil { return nil }
    let step = RemediationStep(text: text.value, commands: decoder.strings(fields["commands"], "commands").map(\.value))
    return RemediationSpec(step: step, when: when, cause: cause, location: location)
  }

  mutating func checklistItem(_ node: YAMLNode) -> ChecklistSpec? {
    let keys = ["id", "symptom", "text", "pass", "essential", "override"]
    guard let fields = decoder.mapping(node, "checklist item", keys: keys, required: ["id", "text", "pass"]),
      let id = decoder.identifier(fields["id"], "id"), let text = decoder.string(fields["text"], "text"),
      let pass = decoder.expression(fields["pass"], "pass")
    else { return nil }
    return ChecklistSpec(
      id: id, symptom: fields["symptom"].flatMap { decoder.identifier($0, "symptom") }, text: text.value, pass: pass,
      essential: decoder.bool(fields["essential"], "essential") ?? false,
      override: decoder.bool(fields["override"], "override") ?? false)
  }

  mutating func example(_ node: YAMLNode) -> ExampleSpec? {
    let keys = ["name", "symptom", "facts", "probes", "unknown", "expect"]
    guard let fields = decoder.mapping(node, "example", keys: keys, required: ["name", "expect"]),
      let name = decoder.string(fields["name"], "name")
    else { return nil }
    var facts: [(name: Located<String>, value: Located<CELValue>)] = []
    if let node = fields["facts"], let entries = decoder.namedEntries(node, "facts") {
      facts = entries.map { ($0.name, decoder.value($0.value)) }
    }
    var unknown: [(name: Located<String>, reason: String)] = []
    if let node = fields["unknown"] {
      if node.mapping != nil, let entries = decoder.namedEntries(node, "unknown") {
        unknown = entries.map { ($0.name, decoder.string($0.value, $0.name.value)?.value ?? "unknown") }
      } else {
        unknown = decoder.strings(node, "unknown").map { ($0, "given as unknown") }
      }
    }
    let expectKeys = ["status", "root_cause", "causes", "absent", "facts"]
    guard let expectNode = fields["expect"], let expect = decoder.mapping(expectNode, "expect", keys: expectKeys) else {
      return nil
    }
    var spec = ExampleSpec(
      name: name, symptom: fields["symptom"].flatMap { decoder.identifier($0, "symptom") }, facts: facts,
      unknown: unknown, expectStatus: decoder.string(expect["status"], "status"),
      expectRootCause: decoder.string(expect["root_cause"], "root_cause"),
      expectCauses: expect["causes"].map { decoder.strings($0, "causes") },
      expectAbsent: decoder.strings(expect["absent"], "absent"))
    if let node = fields["probes"], let entries = decoder.namedEntries(node, "probes") {
      spec.probeResults = entries.map { ($0.name, decoder.value($0.value)) }
    }
    if let node = expect["facts"], let entries = decoder.namedEntries(node, "facts") {
      spec.expectFacts = entries.map { ($0.name, decoder.value($0.value)) }
    }
    return spec
  }
}
