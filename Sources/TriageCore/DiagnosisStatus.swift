/// The verdict of a diagnosis.
public enum DiagnosisStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// A root cause was concluded.
  case problem
  /// The symptom is absent or every hypothesis was ruled out.
  case healthy
  /// Neither: unknown facts keep hypotheses open.
  case undetermined
}
