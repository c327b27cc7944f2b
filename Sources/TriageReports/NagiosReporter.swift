import TriageCore

/// One status line with performance data, as monitoring plugins print (Nagios, Icinga).
///
/// Its exit code follows the monitoring-plugins convention; see ``NagiosReporter/state(for:)``.
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

  /// CRITICAL for a problem or an unreachable target, WARNING at risk, UNKNOWN when
  /// undetermined, OK when healthy.
  public static func state(for diagnosis: Diagnosis) -> State {
    switch diagnosis.status {
    case .problem, .unreachable: .critical
    case .atRisk: .warning
    case .undetermined: .unknown
    case .healthy: .ok
    }
  }

  /// The one line a plugin prints when it could not evaluate at all (usage, config, runbook or
  /// facts error): state UNKNOWN, exit 3.
  public static func failureLine(_ message: String) -> String {
    var firstLine = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "error"
    for prefix in ["Error: ", "error: "] where firstLine.hasPrefix(prefix) { firstLine.removeFirst(prefix.count) }
    return "TRIAGE UNKNOWN - could not evaluate: \(firstLine)".replacingPipes() + "\n"
  }

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    let state = state(for: diagnosis)
    var summary = "\(diagnosis.status.rawValue): " + Headline.text(diagnosis)
    if let root = diagnosis.causes.first { summary += " certainty \(TextReporter.format(root.certainty))" }
    let failed = diagnosis.checklist.filter { $0.outcome == .fail }.count
    let unknown = diagnosis.checklist.filter { $0.outcome == .unknown }.count
    let probeFailures = metadata.probes.filter { $0.status != "ok" && $0.status != "not_applicable" }.count
    let hypotheses = diagnosis.hypotheses.count
    let items = diagnosis.checklist.count
    // 'label'=value;warn;crit;min;max — thresholds in the plugins' range syntax ("0": above 0 alerts).
    var performance = [
      "causes=\(diagnosis.causes.count);;0;0;\(hypotheses)",
      "undecided=\(diagnosis.undecided.count);0;;0;\(hypotheses)",
      "checklist_failed=\(failed);0;;0;\(items)", "checklist_unknown=\(unknown);0;;0;\(items)",
      "probe_failures=\(probeFailures);0;;0;\(metadata.probes.count)",
    ]
    if let duration = metadata.durationSeconds {
      performance.append("duration=\(OpenMetricsReporter.number(duration))s;;;0;")
    }
    let text = "TRIAGE \(state.label) - \(diagnosis.symptomID) \(summary)".replacingPipes()
    return text + " | " + performance.joined(separator: " ") + "\n"
  }
}

extension String {
  fileprivate func replacingPipes() -> String {
    String(map { $0 == "|" ? "/" : $0 })
  }
}
