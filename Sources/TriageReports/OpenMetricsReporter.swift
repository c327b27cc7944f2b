import TriageCore

/// OpenMetrics text for node_exporter's textfile collector: gauges per cause and checklist item,
/// the verdict, probe failures and the audit's duration.
///
/// Every series is written in every run with the same labels (each hypothesis of the symptom,
/// each checklist item, each verdict), whatever the state: a series never vanishes when a fault
/// heals, so Prometheus never keeps a stale value.
public enum OpenMetricsReporter: Reporter {
  public static let identifier = "openmetrics"

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    let symptom = "symptom=\"\(label(diagnosis.symptomID))\""
    var lines: [String] = []
    func family(_ name: String, _ help: String) {
      lines.append("# TYPE \(name) gauge")
      lines.append("# HELP \(name) \(help)")
    }
    family(
      "triage_status", "Verdict of the last audit: 0 healthy, 1 problem, 2 undetermined, 3 at-risk, 4 unreachable.")
    lines.append("triage_status{\(symptom)} \(statusCode(diagnosis.status))")
    family("triage_verdict", "1 for the verdict of the last audit, 0 for every other verdict.")
    for status in DiagnosisStatus.allCases {
      let value = status == diagnosis.status ? 1 : 0
      lines.append("triage_verdict{\(symptom),status=\"\(status.rawValue)\"} \(value)")
    }
    family("triage_cause", "Each hypothesis: 1 concluded (root cause or mechanism), 0 ruled out, -1 undecided.")
    for hypothesis in diagnosis.hypotheses {
      let value =
        switch hypothesis.state {
        case .root, .mechanism: 1
        case .ruledOut: 0
        case .undecided: -1
        }
      lines.append("triage_cause{\(symptom),cause=\"\(label(hypothesis.id))\"} \(value)")
    }
    family("triage_cause_root", "Each hypothesis: 1 when it is a root cause (no concluded cause explains it), else 0.")
    for hypothesis in diagnosis.hypotheses {
      let value = hypothesis.state == .root ? 1 : 0
      lines.append("triage_cause_root{\(symptom),cause=\"\(label(hypothesis.id))\"} \(value)")
    }
    family("triage_cause_certainty", "Each hypothesis: its combined certainty, 0 to 1 (0 when nothing supports it).")
    for hypothesis in diagnosis.hypotheses {
      lines.append(
        "triage_cause_certainty{\(symptom),cause=\"\(label(hypothesis.id))\"} \(number(hypothesis.certainty))")
    }
    family("triage_checklist", "Checklist items: 1 pass, 0 fail, -1 unknown, -2 not applicable.")
    for item in diagnosis.checklist {
      let value =
        switch item.outcome {
        case .pass: 1
        case .fail: 0
        case .unknown: -1
        case .notApplicable: -2
        }
      lines.append("triage_checklist{\(symptom),item=\"\(label(item.id))\"} \(value)")
    }
    family("triage_probe_failures", "Probes that gave no result (failed, timed out, blocked).")
    let failures = metadata.probes.filter {
      $0.status == "failed" || $0.status == "timed_out" || $0.status == "blocked"
    }
    lines.append("triage_probe_failures{\(symptom)} \(failures.count)")
    if !metadata.probes.isEmpty {
      family("triage_probe_duration_seconds", "How long each probe took.")
      for probe in metadata.probes {
        lines.append(
          "triage_probe_duration_seconds{\(symptom),probe=\"\(label(probe.id))\"} \(number(probe.milliseconds / 1000))")
      }
      family("triage_probe_result", "Each probe: 1 a result, 0 none (failed, timed out, blocked), -2 not applicable.")
      for probe in metadata.probes {
        let value =
          switch probe.status {
          case "ok": 1
          case "not_applicable": -2
          default: 0
          }
        lines.append("triage_probe_result{\(symptom),probe=\"\(label(probe.id))\"} \(value)")
      }
    }
    if let duration = metadata.durationSeconds {
      family("triage_audit_duration_seconds", "Wall time of the audit.")
      lines.append("triage_audit_duration_seconds{\(symptom)} \(number(duration))")
    }
    family("triage_info", "The triage version and the runbooks' digest.")
    let runbooks = metadata.catalogDigest.map { ",runbooks=\"\(label($0))\"" } ?? ""
    lines.append("triage_info{\(symptom),version=\"\(label(metadata.triageVersion))\"\(runbooks)} 1")
    lines.append("# EOF")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `triage_status` value of a verdict.
  static func statusCode(_ status: DiagnosisStatus) -> Int {
    switch status {
    case .healthy: 0
    case .problem: 1
    case .undetermined: 2
    case .atRisk: 3
    case .unreachable: 4
    }
  }

  /// Escapes a label value: backslash, double quote and newline.
  static func label(_ text: String) -> String {
    var output = ""
    for character in text {
      switch character {
      case "\\": output += "\\\\"
      case "\"": output += "\\\""
      case "\n": output += "\\n"
      default: output.append(character)
      }
    }
    return output
  }

  static func number(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
    return String((value * 1000).rounded() / 1000)
  }
}
