import TriageCore

/// OpenMetrics text for node_exporter's textfile collector: gauges per cause and checklist item,
/// the verdict, probe failures and the audit's duration.
public enum OpenMetricsReporter: Reporter {
  public static let identifier = "openmetrics"

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    let symptom = "symptom=\"\(label(diagnosis.symptomID))\""
    var lines: [String] = []
    func family(_ name: String, _ help: String) {
      lines.append("# TYPE \(name) gauge")
      lines.append("# HELP \(name) \(help)")
    }
    family("triage_status", "Verdict of the last audit: 0 healthy, 1 problem, 2 undetermined.")
    let code =
      switch diagnosis.status {
      case .healthy: 0
      case .problem: 1
      case .undetermined: 2
      }
    lines.append("triage_status{\(symptom)} \(code)")
    family(
      "triage_cause", "1 when the cause was concluded (role root or mechanism), 0 when ruled out, -1 when undecided.")
    var certainties: [(String, String, Double)] = []
    var seen = Set(diagnosis.causes.map(\.id))
    for cause in diagnosis.causes {
      lines.append("triage_cause{\(symptom),cause=\"\(label(cause.id))\",role=\"root\"} 1")
      certainties.append((cause.id, "root", cause.certainty))
    }
    for mechanism in diagnosis.causes.flatMap(\.mechanisms) where seen.insert(mechanism.id).inserted {
      lines.append("triage_cause{\(symptom),cause=\"\(label(mechanism.id))\",role=\"mechanism\"} 1")
      certainties.append((mechanism.id, "mechanism", mechanism.certainty))
    }
    for hypothesis in diagnosis.undecided {
      lines.append("triage_cause{\(symptom),cause=\"\(label(hypothesis.id))\",role=\"undecided\"} -1")
    }
    for id in diagnosis.ruledOut {
      lines.append("triage_cause{\(symptom),cause=\"\(label(id))\",role=\"ruled_out\"} 0")
    }
    family("triage_cause_certainty", "Certainty (0 to 1) of each concluded cause.")
    for (id, role, certainty) in certainties {
      lines.append("triage_cause_certainty{\(symptom),cause=\"\(label(id))\",role=\"\(role)\"} \(number(certainty))")
    }
    family("triage_checklist", "Checklist items: 1 pass, 0 fail, -1 unknown.")
    for item in diagnosis.checklist {
      let value =
        switch item.outcome {
        case .pass: 1
        case .fail: 0
        case .unknown: -1
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
          "triage_probe_duration_seconds{\(symptom),probe=\"\(label(probe.id))\",status=\"\(probe.status)\"} \(number(probe.milliseconds / 1000))"
        )
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
