import TriageCEL
import TriageCore

/// Reads the entries of a facts file from YAML (JSON is read as YAML's flow style).
struct FactsFileReader {
  let file: String
  var decoder = NodeDecoder()

  init(file: String) {
    self.file = file
  }

  mutating func read(_ text: String, lenient: Bool) -> (String?, [FactsFile.Entry]) {
    var limits = YAMLLimits()
    limits.maximumDepth = 128
    let root: YAMLNode
    do {
      guard let parsed = try YAMLReader.read(text, file: file, limits: limits) else {
        decoder.error("empty facts file", at: SourceLocation(file: file, line: 1, column: 1))
        return (nil, [])
      }
      root = parsed
    } catch {
      decoder.diagnostics.append(error.diagnostic)
      return (nil, [])
    }
    let hasFormat = root.mapping?.contains { $0.key.scalar == "format" } ?? false
    if lenient, !hasFormat {
      return (nil, entries(root))
    }
    let keys = ["format", "symptom", "facts", "triage_version", "collected_at"]
    guard let fields = decoder.mapping(root, "facts file", keys: keys, required: ["format", "facts"]) else {
      return (nil, [])
    }
    if let format = decoder.string(fields["format"], "format"), format.value != FactsFile.format {
      decoder.error(
        "unsupported facts format '\(format.value)': this triage reads '\(FactsFile.format)'", at: format.location)
    }
    let symptom = decoder.string(fields["symptom"], "symptom")?.value
    return (symptom, fields["facts"].map { entries($0) } ?? [])
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
    let fileSource = Provenance(kind: "file", source: file)
    guard let pairs = node.mapping, pairs.contains(where: { $0.key.scalar == "value" || $0.key.scalar == "unknown" })
    else {
      return .known(decoder.value(node).value, fileSource)
    }
    guard let fields = decoder.mapping(node, "fact '\(name.value)'", keys: ["value", "unknown", "type", "source"])
    else {
      return nil
    }
    let provenance = fields["source"].flatMap { self.provenance($0) } ?? fileSource
    if let reason = fields["unknown"] {
      guard fields["value"] == nil else {
        decoder.error("fact '\(name.value)' has both 'value' and 'unknown'", at: name.location)
        return nil
      }
      return .unknown(reason: decoder.string(reason, "unknown")?.value ?? "unknown", provenance)
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
