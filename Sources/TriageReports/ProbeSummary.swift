/// One probe of the run, as reports show it: kind, outcome, time taken.
public struct ProbeSummary: Sendable {
  /// The probe id.
  public var id: String
  /// The probe kind.
  public var kind: String
  /// `ok`, `failed`, `timed_out`, `not_applicable` or `blocked`.
  public var status: String
  /// Why it failed or did not run.
  public var reason: String?
  /// How long it took, in milliseconds.
  public var milliseconds: Double
  /// What it saw, in one line (nil when it did not run or failed).
  public var evidence: String?

  /// Creates a summary.
  public init(
    id: String, kind: String, status: String, reason: String?, milliseconds: Double, evidence: String? = nil
  ) {
    self.id = id
    self.kind = kind
    self.status = status
    self.reason = reason
    self.milliseconds = milliseconds
    self.evidence = evidence
  }
}
