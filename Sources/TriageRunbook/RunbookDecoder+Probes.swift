import TriageCEL
import TriageCore

extension RunbookDecoder {
  mutating func probe(_ node: YAMLNode) -> ProbeSpec? {
    let keys = ["id", "kind", "description", "with", "timeout", "when", "yields", "override"]
    guard let fields = decoder.mapping(node, "probe", keys: keys, required: ["id", "kind", "yields"]),
      let id = decoder.identifier(fields["id"], "id"), let kind = decoder.string(fields["kind"], "kind")
    else { return nil }
    if !probeKinds.contains(kind.value) {
      let hint = Suggestion.hint(for: kind.value, in: probeKinds.sorted())
      decoder.error("unknown probe kind '\(kind.value)'\(hint)", at: kind.location)
    }
    var parameters: [(name: Located<String>, value: Located<CELValue>)] = []
    var templates: [(parameter: String, text: Located<String>)] = []
    if let with = fields["with"], let entries = decoder.namedEntries(with, "with") {
      parameters = entries.map { ($0.name, decoder.value($0.value)) }
      for entry in entries {
        templates += Self.templates(in: entry.value).map { (entry.name.value, $0) }
      }
    }
    if let signature = probeSignatures[kind.value] {
      checkParameters(parameters, of: kind, signature: signature, at: fields["with"]?.location ?? node.location)
    }
    var yields: [YieldSpec] = []
    if let node = fields["yields"], let entries = decoder.namedEntries(node, "yields") {
      for (fact, value) in entries {
        if let yield = self.yield(fact, value) { yields.append(yield) }
      }
      if entries.isEmpty { decoder.error("probe '\(id.value)' yields no facts", at: node.location) }
    }
    return ProbeSpec(
      id: id, kind: kind, description: decoder.string(fields["description"], "description")?.value,
      parameters: parameters, timeout: decoder.duration(fields["timeout"], "timeout"),
      when: decoder.expression(fields["when"], "when"), yields: yields,
      override: decoder.bool(fields["override"], "override") ?? false,
      resultFields: probeSignatures[kind.value]?.resultFields, templates: templates)
  }

  /// The texts with `${…}` placeholders in a parameter's value, each where it is written (an
  /// element of a list or a mapping has its own place).
  private static func templates(in node: YAMLNode) -> [Located<String>] {
    switch node.content {
    case .scalar(let text, _, _): return text.contains("${") ? [Located(text, at: node.contentLocation)] : []
    case .sequence(let items): return items.flatMap { templates(in: $0) }
    case .mapping(let entries): return entries.flatMap { templates(in: $0.key) + templates(in: $0.value) }
    }
  }

  private mutating func checkParameters(
    _ parameters: [(name: Located<String>, value: Located<CELValue>)], of kind: Located<String>,
    signature: ProbeSignature, at location: SourceLocation
  ) {
    let allowed = signature.parameters.sorted()
    for (name, _) in parameters where !signature.parameters.contains(name.value) {
      let hint = Suggestion.hint(for: name.value, in: allowed)
      decoder.error("unknown parameter '\(name.value)' for probe kind '\(kind.value)'\(hint)", at: name.location)
    }
    let given = Set(parameters.map(\.name.value))
    for missing in signature.required.subtracting(given).sorted() {
      decoder.error("probe kind '\(kind.value)' needs parameter '\(missing)' under 'with'", at: location)
    }
  }

  /// `fact: expression`, or `fact: {expr, type, secret}`.
  private mutating func yield(_ fact: Located<String>, _ node: YAMLNode) -> YieldSpec? {
    if case .scalar = node.content {
      guard let expression = decoder.expression(node, fact.value) else { return nil }
      return YieldSpec(fact: fact, expression: expression, type: nil, secret: false)
    }
    guard
      let fields = decoder.mapping(
        node, "yield '\(fact.value)'", keys: ["expr", "type", "secret"], required: ["expr"]),
      let expression = decoder.expression(fields["expr"], "expr")
    else { return nil }
    return YieldSpec(
      fact: fact, expression: expression, type: fields["type"].flatMap { decoder.factType($0, "type") },
      secret: decoder.bool(fields["secret"], "secret") ?? false)
  }

  mutating func question(_ node: YAMLNode) -> QuestionSpec? {
    let keys = ["fact", "text", "help", "type", "choices", "cost"]
    guard let fields = decoder.mapping(node, "question", keys: keys, required: ["fact", "text"]),
      let fact = decoder.string(fields["fact"], "fact"), let text = decoder.string(fields["text"], "text")
    else { return nil }
    var choices: [Located<CELValue>] = []
    if let node = fields["choices"], let items = decoder.sequence(node, "choices") {
      choices = items.map { decoder.value($0) }
    }
    let cost = decoder.number(fields["cost"], "cost")
    if let cost, cost.value <= 0 { decoder.error("cost must be more than 0", at: cost.location) }
    return QuestionSpec(
      fact: fact, text: text.value, help: decoder.string(fields["help"], "help")?.value,
      type: fields["type"].flatMap { decoder.factType($0, "type") }, choices: choices, cost: cost?.value ?? 1)
  }
}
