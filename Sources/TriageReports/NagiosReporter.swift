import TriageCore

/// One status line with performance data, as monitoring plugins print (Nagios, Icinga).
///
/// Its exit code follows the monitoring-plugins convention; see ``NagiosReporter/exitCode(for:)``.
public enum NagiosReporter: Reporter {
  public static let identifier = "nagios"

  /// The plugin state: OK, WARNING, CRITICAL, UNKNOWN.
  public enum State: Int32, Sendable {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    var label: String {
      switch self {
      case .ok: "OK"
      case .warning: "WARNING"
      case .critical: "CRITICAL"
      case .unknown: "UNKNOWN"
      }
    }
  }

  /// CRITICAL when a root cause is concluded; WARNING when the verdict is healthy but a checklist
  /// item fails; UNKNOWN when undetermined; OK otherwise.
  public static func state(for diagnosis: Diagnosis) -> State {
    switch diagnosis.status {
    case .problem: .critical
    case .undetermined: .unknown
    case .healthy: diagnosis.checklist.contains { $0.outcome == .fail } ? .warning : .ok
    }
  }

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    let state = state(for: diagnosis)
    var summary: String
    if let root = diagnosis.causes.first {
      summary = "\(root.title) [\(root.id)] certainty \(TextReporter.format(root.certainty))"
      if diagnosis.causes.count > 1 { summary += " (+\(diagnosis.causes.count - 1) more)" }
    } else if diagnosis.status == .undetermined {
      summary = "undetermined: \(diagnosis.undecided.count) hypotheses blocked by unknown facts"
    } else {
      summary = "no cause found"
    }
    let failed = diagnosis.checklist.filter { $0.outcome == .fail }.count
    let unknown = diagnosis.checklist.filter { $0.outcome == .unknown }.count
    let probeFailures = metadata.probes.filter { $0.status != "ok" && $0.status != "not_applicable" }.count
    var performance = [
      "causes=\(diagnosis.causes.count)", "undecided=\(diagnosis.undecided.count)", "checklist_failed=\(failed)",
      "checklist_unknown=\(unknown)", "probe_failures=\(probeFailures)",
    ]
    if let duration = metadata.durationSeconds {
      performance.append("duration=\(OpenMetricsReporter.number(duration))s")
    }
    let text = "TRIAGE \(state.label) - \(diagnosis.symptomID): \(summary)".replacingPipes()
    return text + " | " + performance.joined(separator: " ") + "\n"
  }
}

extension String {
  fileprivate func replacingPipes() -> String {
    String(map { $0 == "|" ? "/" : $0 })
  }
}
