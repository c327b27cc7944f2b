/// What a report says about the run beside the diagnosis itself.
public struct ReportMetadata: Sendable {
  /// The triage version that produced the report.
  public var triageVersion: String
  /// A digest of the runbook files the catalog was built from.
  public var catalogDigest: String?

  /// Creates metadata.
  public init(triageVersion: String, catalogDigest: String? = nil) {
    self.triageVersion = triageVersion
    self.catalogDigest = catalogDigest
  }
}
