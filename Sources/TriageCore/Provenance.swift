/// Where a fact's value (or its unknown state) came from.
///
/// A reference to shared storage, so that the hundred thousand facts of one facts file carry one
/// provenance between them rather than three strings each.
public struct Provenance: Sendable, Hashable, Codable {
  private final class Storage: Sendable {
    let kind: String
    let source: String
    let evidence: String?

    init(kind: String, source: String, evidence: String?) {
      self.kind = kind
      self.source = source
      self.evidence = evidence
    }
  }

  private let storage: Storage

  /// The kind of source: `probe`, `input`, `default`, `answer`, `rule`, `file`, `example`.
  public var kind: String { storage.kind }
  /// The probe, input, question, rule, file or example that supplied it.
  public var source: String { storage.source }
  /// Raw evidence, such as the probe's observation (never a secret).
  public var evidence: String? { storage.evidence }

  /// Creates a provenance.
  public init(kind: String, source: String, evidence: String? = nil) {
    storage = Storage(kind: kind, source: source, evidence: evidence)
  }

  /// A value derived by a rule.
  public static func rule(_ id: String) -> Provenance { Provenance(kind: "rule", source: id) }

  public static func == (lhs: Provenance, rhs: Provenance) -> Bool {
    lhs.storage === rhs.storage
      || (lhs.kind == rhs.kind && lhs.source == rhs.source && lhs.evidence == rhs.evidence)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(kind)
    hasher.combine(source)
    hasher.combine(evidence)
  }

  private enum CodingKeys: String, CodingKey {
    case kind, source, evidence
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      kind: try container.decode(String.self, forKey: .kind),
      source: try container.decode(String.self, forKey: .source),
      evidence: try container.decodeIfPresent(String.self, forKey: .evidence))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(kind, forKey: .kind)
    try container.encode(source, forKey: .source)
    try container.encodeIfPresent(evidence, forKey: .evidence)
  }
}
