import TriageCEL

/// What happened to one probe in a run: for reports' per-probe timings and failures.
public struct ProbeRecord: Sendable {
  /// How a probe ended.
  public enum Status: String, Sendable {
    /// It ran and returned a result.
    case ok
    /// It ran and failed (refused, denied, not running …); its facts are unknown.
    case failed
    /// It did not finish before its deadline; its facts are unknown.
    case timedOut = "timed_out"
    /// Its `when` was false; its facts do not apply.
    case notApplicable = "not_applicable"
    /// It could not start: a fact its `when` or parameters need is unknown.
    case blocked
  }

  /// The probe id.
  public var id: String
  /// The probe kind.
  public var kind: String
  /// How it ended.
  public var status: Status
  /// Why it failed or did not run.
  public var reason: String?
  /// A one-line summary of what it saw (secrets redacted).
  public var evidence: String?
  /// How long it took.
  public var duration: Duration
  /// The structured result its `yields` read (`triage probe`); kept only when the runner is
  /// asked to (``ProbeRunner/keepResults``).
  public var result: CELValue?
}
