/// What a report says about the run beside the diagnosis itself.
public struct ReportMetadata: Sendable {
  /// The triage version that produced the report.
  public var triageVersion: String
  /// A digest of the runbook files the catalog was built from.
  public var catalogDigest: String?
  /// The probes that ran (empty when facts were replayed).
  public var probes: [ProbeSummary]

  /// Creates metadata.
  public init(triageVersion: String, catalogDigest: String? = nil, probes: [ProbeSummary] = []) {
    self.triageVersion = triageVersion
    self.catalogDigest = catalogDigest
    self.probes = probes
  }
}
