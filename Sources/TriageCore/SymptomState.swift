/// What the observation of a symptom found.
public enum SymptomState: String, Sendable, Hashable, Codable, CaseIterable {
  /// `detect` held: the symptom is there right now.
  case present
  /// `detect` was false while the target was reachable: the symptom is not there right now.
  case absent
  /// `reachable` was false: the target could not be reached at all.
  case unreachable
  /// The observation failed or its facts are unknown: triage could not look.
  case unknown
  /// The symptom declares no `detect`.
  case unchecked
}
