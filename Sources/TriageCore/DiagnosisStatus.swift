/// The verdict of a diagnosis.
///
/// What triage could not look at never reads as healthy: `healthy` needs the symptom observed
/// absent and every essential checklist item passing (or not applicable).
public enum DiagnosisStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// A root cause was concluded, or the symptom is present (explained or not).
  case problem
  /// The symptom's target could not be reached at all (refused, no such host, no answer): worse
  /// than the symptom itself. Root causes found are reported as for a problem.
  case unreachable
  /// The symptom is absent, but a cause is concluded anyway (a latent problem) or an essential
  /// checklist item fails.
  case atRisk = "at-risk"
  /// The symptom is absent and every essential checklist item passes or does not apply.
  case healthy
  /// triage could not tell: the symptom's observation or an essential check is unknown, and no
  /// root cause is concluded.
  case undetermined

  /// Whether the verdict asks for action (a problem, an unreachable target, a risk).
  public var isFailure: Bool {
    switch self {
    case .problem, .unreachable, .atRisk: true
    case .healthy, .undetermined: false
    }
  }
}
