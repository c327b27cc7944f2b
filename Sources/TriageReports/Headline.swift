import TriageCore

/// The one-line verdict every report leads with: what was observed and what follows from it.
///
/// ```swift
/// Headline.text(diagnosis)  // "The target cannot be reached (front.error = "refused"). Root cause: …"
/// ```
public enum Headline {
  /// The verdict as one sentence or two, without the status word.
  public static func text(_ diagnosis: Diagnosis) -> String {
    let root = diagnosis.causes.first.map { cause in
      "Root cause: \(cause.title) [\(cause.id)]"
        + (diagnosis.causes.count > 1 ? " (+\(diagnosis.causes.count - 1) more)" : "")
    }
    let essential = diagnosis.checklist.filter(\.essential)
    let failing = essential.filter { $0.outcome == .fail }.map(\.id)
    let unknown = essential.filter { $0.outcome == .unknown }.map(\.id)
    let undecided = diagnosis.undecided.count
    switch diagnosis.status {
    case .unreachable:
      return "The target cannot be reached (\(observed(diagnosis)))."
        + " " + (root.map { $0 + "." } ?? "No root cause concluded; \(undecided) hypotheses undecided.")
    case .problem:
      switch diagnosis.symptomState {
      case .present:
        return "The symptom is present. "
          + (root.map { $0 + "." } ?? "No cause in the runbooks explains it (\(undecided) hypotheses undecided).")
      case .unknown:
        return "The symptom could not be observed (\(observed(diagnosis))). " + (root.map { $0 + "." } ?? "")
      default:
        return (root.map { $0 + "." } ?? "")
      }
    case .atRisk:
      if let root { return "The symptom is absent, but a cause is concluded anyway. \(root)." }
      return "The symptom is absent, but essential checks fail: \(failing.joined(separator: ", "))."
    case .healthy:
      return diagnosis.symptomState == .absent
        ? "The symptom is absent and every essential check passes."
        : "No cause found and every essential check passes."
    case .undetermined:
      if diagnosis.symptomState == .unknown {
        return "triage could not observe the symptom (\(observed(diagnosis))); no root cause concluded."
      }
      if !unknown.isEmpty {
        return "Essential checks could not be made: \(unknown.joined(separator: ", "))."
      }
      return "No root cause concluded; \(undecided) hypotheses undecided (unknown facts block them)."
    }
  }

  /// The observed facts, as `name = value` or `name unknown (reason)`.
  private static func observed(_ diagnosis: Diagnosis) -> String {
    let known = diagnosis.observation.compactMap { fact in fact.value.map { "\(fact.name) = \($0)" } }
    let unknown = diagnosis.observation.filter { $0.value == nil }
    let unknownText = unknown.isEmpty ? [] : ["unknown: " + UnknownFactList.text(unknown, separator: "; ")]
    return (known + unknownText).joined(separator: ", ")
  }
}
