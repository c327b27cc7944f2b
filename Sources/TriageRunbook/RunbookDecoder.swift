import TriageCEL
import TriageCore

/// Turns a YAML tree into a ``RunbookDocument``, reporting every problem with its location.
struct RunbookDecoder {
  var decoder = NodeDecoder()
  let probeKinds: Set<String>
  let probeSignatures: [String: ProbeSignature]

  static let topLevelKeys = [
    "version", "symptom", "symptoms", "facts", "probes", "questions", "rules", "causes", "checklist", "examples",
    "disable",
  ]

  init(probeKinds: Set<String>, probeSignatures: [String: ProbeSignature] = [:]) {
    self.probeKinds = probeKinds
    self.probeSignatures = probeSignatures
  }

  mutating func decode(_ root: YAMLNode, file: String) -> RunbookDocument {
    var document = RunbookDocument(file: file)
    guard let fields = decoder.mapping(root, "runbook file", keys: Self.topLevelKeys, required: ["version"]) else {
      return document
    }
    if let version = fields["version"] {
      let number = decoder.number(version, "version")
      if let number, number.value != 1 {
        decoder.error(
          "unsupported runbook version \(version.scalar ?? "?"): this triage reads version 1", at: version.location)
      }
    }
    document.symptom = fields["symptom"].flatMap { decoder.identifier($0, "symptom") }
    document.symptoms = list(fields["symptoms"], "symptoms") { $0.symptom($1) }
    if let node = fields["facts"] { document.facts = facts(node) }
    document.probes = list(fields["probes"], "probes") { $0.probe($1) }
    document.questions = list(fields["questions"], "questions") { $0.question($1) }
    document.rules = list(fields["rules"], "rules") { $0.rule($1) }
    document.causes = list(fields["causes"], "causes") { $0.cause($1) }
    document.checklist = list(fields["checklist"], "checklist") { $0.checklistItem($1) }
    document.examples = list(fields["examples"], "examples") { $0.example($1) }
    if let node = fields["disable"] { document.disable = disable(node) }
    return document
  }

  /// Decodes each item of a list section.
  mutating func list<T>(_ node: YAMLNode?, _ what: String, _ decode: (inout Self, YAMLNode) -> T?) -> [T] {
    guard let node, let items = decoder.sequence(node, what) else { return [] }
    var result: [T] = []
    result.reserveCapacity(items.count)
    for item in items {
      if let value = decode(&self, item) { result.append(value) }
    }
    return result
  }

  mutating func symptom(_ node: YAMLNode) -> SymptomSpec? {
    let keys = ["id", "title", "summary", "inputs", "detect", "min_certainty"]
    guard let fields = decoder.mapping(node, "symptom", keys: keys, required: ["id", "title"]),
      let id = decoder.identifier(fields["id"], "id"), let title = decoder.string(fields["title"], "title")
    else { return nil }
    return SymptomSpec(
      id: id, title: title.value, summary: decoder.string(fields["summary"], "summary")?.value,
      inputs: list(fields["inputs"], "inputs") { $0.input($1) }, detect: decoder.expression(fields["detect"], "detect"),
      minCertainty: decoder.number(fields["min_certainty"], "min_certainty"))
  }

  mutating func input(_ node: YAMLNode) -> InputSpec? {
    let keys = ["name", "type", "default", "description", "secret"]
    guard let fields = decoder.mapping(node, "input", keys: keys, required: ["name", "type"]),
      let name = decoder.identifier(fields["name"], "name"), let type = decoder.factType(fields["type"], "type")
    else { return nil }
    return InputSpec(
      name: name, type: type, defaultValue: fields["default"].map { decoder.value($0) },
      description: decoder.string(fields["description"], "description")?.value,
      secret: decoder.bool(fields["secret"], "secret") ?? false)
  }

  /// `facts:` maps a name to a type, or to a mapping with type, description, secret and default.
  mutating func facts(_ node: YAMLNode) -> [FactSpec] {
    guard let entries = decoder.namedEntries(node, "facts") else { return [] }
    var specs: [FactSpec] = []
    specs.reserveCapacity(entries.count)
    for (name, value) in entries {
      if case .scalar = value.content {
        guard let type = decoder.factType(value, name.value) else { continue }
        specs.append(FactSpec(name: name, type: type, description: nil, secret: false, defaultValue: nil))
        continue
      }
      let keys = ["type", "description", "secret", "default"]
      guard let fields = decoder.mapping(value, "fact '\(name.value)'", keys: keys) else { continue }
      let type = fields["type"].flatMap { decoder.factType($0, "type") } ?? Located(.dyn, at: value.location)
      specs.append(
        FactSpec(
          name: name, type: type, description: decoder.string(fields["description"], "description")?.value,
          secret: decoder.bool(fields["secret"], "secret") ?? false,
          defaultValue: fields["default"].map { decoder.value($0) }))
    }
    return specs
  }

  mutating func disable(_ node: YAMLNode) -> [DisableSpec] {
    let kinds = DisableSpec.Kind.allCases.map(\.rawValue)
    guard let fields = decoder.mapping(node, "disable", keys: kinds) else { return [] }
    var result: [DisableSpec] = []
    for kind in DisableSpec.Kind.allCases {
      for id in decoder.strings(fields[kind.rawValue], kind.rawValue) {
        result.append(DisableSpec(kind: kind, id: id))
      }
    }
    return result
  }
}
