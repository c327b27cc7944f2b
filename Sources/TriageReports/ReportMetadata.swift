/// What a report says about the run beside the diagnosis itself.
public struct ReportMetadata: Sendable {
  /// The triage version that produced the report.
  public var triageVersion: String
  /// A digest of the runbook files the catalog was built from.
  public var catalogDigest: String?
  /// The probes that ran (empty when facts were replayed).
  public var probes: [ProbeSummary]
  /// How long the audit took, in seconds (nil when facts were replayed, so replays stay byte-identical).
  public var durationSeconds: Double?

  /// Creates metadata.
  public init(
    triageVersion: String, catalogDigest: String? = nil, probes: [ProbeSummary] = [], durationSeconds: Double? = nil
  ) {
    self.triageVersion = triageVersion
    self.catalogDigest = catalogDigest
    self.probes = probes
    self.durationSeconds = durationSeconds
  }
}
