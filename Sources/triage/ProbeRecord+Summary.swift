import TriageProbes
import TriageReports

extension ProbeRecord {
  /// The record as reports show it.
  var summary: ProbeSummary {
    let (seconds, attoseconds) = duration.components
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    return ProbeSummary(
      id: id, kind: kind, status: status.rawValue, reason: reason, milliseconds: (milliseconds * 10).rounded() / 10)
  }
}
