import TriageCEL
import TriageCore

/// Reads the entries of a facts file from YAML (JSON is read as YAML's flow style).
struct FactsFileReader {
  let file: String
  /// The provenance of every fact the file gives without a `source` of its own.
  private let fileSource: Provenance
  var decoder = NodeDecoder()

  init(file: String) {
    self.file = file
    fileSource = Provenance(kind: "file", source: file)
  }

  mutating func read(_ text: String, lenient: Bool, jsonFastPath: Bool = true) -> (String?, [FactsFile.Entry]) {
    var limits = YAMLLimits()
    limits.maximumDepth = 128
    if jsonFastPath, !lenient, JSONNodeStream.looksLikeJSON(text) {
      // The fast path for JSON; on anything it does not take, the text is read again as YAML.
      let stream = JSONNodeStream(text, file: file, limits: limits)
      if let result = try? read(stream) { return result }
      decoder.diagnostics = []
    }
    do {
      let stream = try YAMLStream(text, file: file, kind: "facts file", limits: limits)
      switch try stream.peek() {
      case .documentEnd:
        try stream.finish()
        decoder.error("empty facts file", at: SourceLocation(file: file, line: 1, column: 1))
        return (nil, [])
      case .mappingStart(anchored: false) where !lenient:
        return try read(stream)
      default:
        let root = try stream.node()
        try stream.finish()
        return read(root, lenient: lenient)
      }
    } catch {
      decoder.diagnostics = [error.diagnostic]
      return (nil, [])
    }
  }

  private static let keys = ["format", "symptom", "facts", "triage_version", "collected_at"]

  /// Reads a facts file from a tree (a lenient file may be a bare mapping of facts).
  private mutating func read(_ root: YAMLNode, lenient: Bool) -> (String?, [FactsFile.Entry]) {
    let hasFormat = root.mapping?.contains { $0.key.scalar == "format" } ?? false
    if lenient, !hasFormat {
      return (nil, entries(root))
    }
    guard let fields = decoder.mapping(root, "facts file", keys: Self.keys, required: ["format", "facts"]) else {
      return (nil, [])
    }
    checkFormat(fields["format"])
    let symptom = decoder.string(fields["symptom"], "symptom")?.value
    return (symptom, fields["facts"].map { entries($0) } ?? [])
  }

  /// Reads a facts file straight from the event stream, one fact at a time (a facts file of a
  /// large catalog holds a hundred thousand facts).
  private mutating func read(_ stream: some NodeStream) throws(YAMLError) -> (String?, [FactsFile.Entry]) {
    let start = try stream.nextLocation()
    var seen = Set<String>()
    var symptom: String?
    var entries: [FactsFile.Entry] = []
    try stream.enter()
    while try stream.peek() != .end {
      let key = try stream.node()
      let next = try stream.peek()
      guard let name = decoder.fieldName(key, "facts file", allowed: Self.keys, isDuplicate: { seen.contains($0) })
      else {
        _ = try stream.node()
        continue
      }
      seen.insert(name)
      switch name {
      case "facts" where next == .mappingStart(anchored: false):
        var names = Set<String>()
        try stream.enter()
        while let (key, value) = try stream.nextEntry() {
          if let name = decoder.entryName(key, "facts", seen: &names), let state = state(name, value) {
            entries.append(FactsFile.Entry(name: name.value, state: state, location: name.location))
          }
        }
      case "facts": entries = self.entries(try stream.node())
      case "format": checkFormat(try stream.node())
      case "symptom": symptom = decoder.string(try stream.node(), "symptom")?.value
      default: _ = try stream.node()
      }
    }
    try stream.leave()
    try stream.finish()
    for name in ["format", "facts"] where !seen.contains(name) {
      decoder.error("facts file is missing required key '\(name)'", at: start)
    }
    return (symptom, entries)
  }

  private mutating func checkFormat(_ node: YAMLNode?) {
    if let format = decoder.string(node, "format"), format.value != FactsFile.format {
      decoder.error(
        "unsupported facts format '\(format.value)': this triage reads '\(FactsFile.format)'", at: format.location)
    }
  }

  private mutating func entries(_ node: YAMLNode) -> [FactsFile.Entry] {
    guard let named = decoder.namedEntries(node, "facts") else { return [] }
    var result: [FactsFile.Entry] = []
    result.reserveCapacity(named.count)
    for (name, value) in named {
      if let state = state(name, value) {
        result.append(FactsFile.Entry(name: name.value, state: state, location: name.location))
      }
    }
    return result
  }

  private mutating func state(_ name: Located<String>, _ node: YAMLNode) -> FactState? {
    let states = ["value", "unknown", "not_applicable"]
    guard let pairs = node.mapping, pairs.contains(where: { states.contains($0.key.scalar ?? "") }) else {
      return .known(decoder.value(node).value, fileSource)
    }
    guard let fields = decoder.mapping(node, "fact '\(name.value)'", keys: states + ["type", "source"]) else {
      return nil
    }
    let given = states.filter { fields[$0] != nil }
    guard given.count == 1 else {
      decoder.error(
        "fact '\(name.value)' has both '\(given[0])' and '\(given[1])'; give one of them", at: name.location)
      return nil
    }
    let provenance = fields["source"].flatMap { self.provenance($0) } ?? fileSource
    if let reason = fields["unknown"] {
      return .unknown(reason: decoder.string(reason, "unknown")?.value ?? "unknown", provenance)
    }
    if let reason = fields["not_applicable"] {
      return .notApplicable(reason: decoder.string(reason, "not_applicable")?.value ?? "not applicable", provenance)
    }
    guard let valueNode = fields["value"] else { return nil }
    var value = decoder.value(valueNode).value
    if let typeNode = fields["type"], let type = decoder.factType(typeNode, "type") {
      guard let converted = type.value.coerce(value) else {
        decoder.error("value of '\(name.value)' is not a valid \(type.value)", at: valueNode.location)
        return nil
      }
      value = converted
    }
    return .known(value, provenance)
  }

  private mutating func provenance(_ node: YAMLNode) -> Provenance? {
    guard let fields = decoder.mapping(node, "source", keys: ["kind", "source", "evidence"], required: ["kind"]),
      let kind = decoder.string(fields["kind"], "kind")
    else { return nil }
    return Provenance(
      kind: kind.value, source: decoder.string(fields["source"], "source")?.value ?? file,
      evidence: decoder.string(fields["evidence"], "evidence")?.value)
  }
}
