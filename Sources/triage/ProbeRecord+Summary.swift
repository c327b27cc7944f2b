import TriageCore
import TriageProbes
import TriageReports

extension ProbeRecord {
  /// The record as reports show it.
  var summary: ProbeSummary {
    let milliseconds = duration.milliseconds
    return ProbeSummary(
      id: id, kind: kind, status: status.rawValue, reason: reason, milliseconds: (milliseconds * 10).rounded() / 10,
      evidence: evidence)
  }
}
