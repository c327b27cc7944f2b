import TriageCEL
import TriageCore

/// Turns a YAML tree into a ``RunbookDocument``, reporting every problem with its location.
struct RunbookDecoder {
  var decoder = NodeDecoder()
  let probeKinds: Set<String>
  let probeSignatures: [String: ProbeSignature]

  static let topLevelKeys = [
    "version", "symptom", "symptoms", "inputs", "facts", "probes", "questions", "rules", "causes", "checklist",
    "examples", "disable", "remediation",
  ]

  init(probeKinds: Set<String>, probeSignatures: [String: ProbeSignature] = [:]) {
    self.probeKinds = probeKinds
    self.probeSignatures = probeSignatures
  }

  /// Sections that are lists: their items are decoded one at a time when streaming.
  static let listSections: Set<String> = [
    "symptoms", "inputs", "probes", "questions", "rules", "causes", "checklist", "examples", "remediation",
  ]

  /// Decodes a whole YAML tree.
  mutating func decode(_ root: YAMLNode, file: String) -> RunbookDocument {
    var document = RunbookDocument(file: file)
    guard let fields = decoder.mapping(root, "runbook file", keys: Self.topLevelKeys, required: ["version"]) else {
      return document
    }
    for name in Self.topLevelKeys {
      if let node = fields[name] { section(name, node, into: &document) }
    }
    return document
  }

  /// Decodes a document straight from the event stream: the top-level mapping is entered, and
  /// the items of list sections and the entries of `facts` are composed and decoded one at a
  /// time, so no tree of the whole file is ever built. Anything unusual (a root that is not a
  /// mapping, an anchored section) is composed whole and decoded as a tree, with the same messages.
  ///
  /// - Returns: The document, or nil for an empty file.
  mutating func decode(_ stream: YAMLStream) throws(YAMLError) -> RunbookDocument? {
    let start = try stream.nextLocation()
    switch try stream.peek() {
    case .documentEnd:
      try stream.finish()
      return nil
    case .mappingStart(anchored: false):
      break
    default:
      let root = try stream.node()
      try stream.finish()
      return decode(root, file: stream.file)
    }
    var document = RunbookDocument(file: stream.file)
    var seen: [String] = []
    try decodeEntries(stream, into: &document, seen: &seen)
    if !seen.contains("version") {
      decoder.error("runbook file is missing required key 'version'", at: start)
    }
    return document
  }

  /// Decodes the entries of the top-level mapping that `stream` is at, to the end of the
  /// document; `seen` gets each top-level key taken, in order.
  ///
  /// - Returns: Whether the last key of the mapping was taken (not unknown, not a repeat).
  @discardableResult
  mutating func decodeEntries(
    _ stream: YAMLStream, into document: inout RunbookDocument, seen: inout [String]
  ) throws(YAMLError) -> Bool {
    var lastTaken = false
    try stream.enter()
    while try stream.peek() != .end {
      let key = try stream.node()
      let next = try stream.peek()
      guard
        let name = decoder.fieldName(
          key, "runbook file", allowed: Self.topLevelKeys, isDuplicate: { seen.contains($0) })
      else {
        lastTaken = false
        _ = try stream.node()
        continue
      }
      lastTaken = true
      seen.append(name)
      if Self.listSections.contains(name), next == .sequenceStart(anchored: false) {
        try stream.enter()
        while let node = try stream.nextItem() { item(of: name, node, into: &document) }
      } else if name == "facts", next == .mappingStart(anchored: false) {
        var names = Set<String>()
        try stream.enter()
        while let (key, value) = try stream.nextEntry() {
          if let name = decoder.entryName(key, "facts", seen: &names), let spec = fact(name, value) {
            document.facts.append(spec)
          }
        }
      } else {
        section(name, try stream.node(), into: &document)
      }
    }
    try stream.leave()
    try stream.finish()
    return lastTaken
  }

  /// Decodes the value of one top-level key into the document.
  private mutating func section(_ name: String, _ node: YAMLNode, into document: inout RunbookDocument) {
    switch name {
    case "version":
      if let number = decoder.number(node, "version"), number.value != 1 {
        decoder.error(
          "unsupported runbook version \(node.scalar ?? "?"): this triage reads version 1", at: node.location)
      }
    case "symptom":
      document.symptom = decoder.identifier(node, "symptom")
    case "facts":
      document.facts = facts(node)
    case "disable":
      document.disable = disable(node)
    default:
      guard let items = decoder.sequence(node, name) else { return }
      for item in items { self.item(of: name, item, into: &document) }
    }
  }

  /// Decodes one item of a list section into the document.
  private mutating func item(of section: String, _ node: YAMLNode, into document: inout RunbookDocument) {
    switch section {
    case "symptoms": if let spec = symptom(node) { document.symptoms.append(spec) }
    case "inputs": if let spec = input(node) { document.inputs.append(spec) }
    case "probes": if let spec = probe(node) { document.probes.append(spec) }
    case "questions": if let spec = question(node) { document.questions.append(spec) }
    case "rules": if let spec = rule(node) { document.rules.append(spec) }
    case "causes": if let spec = cause(node) { document.causes.append(spec) }
    case "checklist": if let spec = checklistItem(node) { document.checklist.append(spec) }
    case "examples": if let spec = example(node) { document.examples.append(spec) }
    case "remediation": if let spec = addedRemediationStep(node) { document.remediation.append(spec) }
    default: break
    }
  }

  /// Decodes each item of a list.
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
    let keys = ["id", "title", "summary", "inputs", "detect", "reachable", "min_certainty"]
    guard let fields = decoder.mapping(node, "symptom", keys: keys, required: ["id", "title"]),
      let id = decoder.identifier(fields["id"], "id"), let title = decoder.string(fields["title"], "title")
    else { return nil }
    return SymptomSpec(
      id: id, title: title.value, summary: decoder.string(fields["summary"], "summary")?.value,
      inputs: list(fields["inputs"], "inputs") { $0.input($1) }, detect: decoder.expression(fields["detect"], "detect"),
      reachable: decoder.expression(fields["reachable"], "reachable"),
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
    return entries.compactMap { fact($0.name, $0.value) }
  }

  /// One entry of `facts:`.
  private mutating func fact(_ name: Located<String>, _ value: YAMLNode) -> FactSpec? {
    if case .scalar = value.content {
      guard let type = decoder.factType(value, name.value) else { return nil }
      return FactSpec(name: name, type: type, description: nil, secret: false, defaultValue: nil)
    }
    let keys = ["type", "description", "secret", "default"]
    guard let fields = decoder.mapping(value, "fact '\(name.value)'", keys: keys) else { return nil }
    let type = fields["type"].flatMap { decoder.factType($0, "type") } ?? Located(.dyn, at: value.location)
    return FactSpec(
      name: name, type: type, description: decoder.string(fields["description"], "description")?.value,
      secret: decoder.bool(fields["secret"], "secret") ?? false,
      defaultValue: fields["default"].map { decoder.value($0) })
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
