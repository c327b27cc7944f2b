/// The version of triage, printed by `triage --version` and written into every report.
public enum TriageVersion {
  /// The semantic version.
  public static let current = "0.1.0"
}
