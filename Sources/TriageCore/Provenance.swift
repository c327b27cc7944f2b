/// Where a fact's value (or its unknown state) came from.
public struct Provenance: Sendable, Hashable, Codable {
  /// The kind of source: `probe`, `input`, `default`, `answer`, `rule`, `file`, `example`.
  public var kind: String
  /// The probe, input, question, rule, file or example that supplied it.
  public var source: String
  /// Raw evidence, such as the probe's observation (never a secret).
  public var evidence: String?

  /// Creates a provenance record.
  public init(kind: String, source: String, evidence: String? = nil) {
    self.kind = kind
    self.source = source
    self.evidence = evidence
  }

  /// A value derived by a rule.
  public static func rule(_ id: String) -> Provenance { Provenance(kind: "rule", source: id) }
}
