import Foundation
import TriageCEL
import TriageCore

/// A report to paste into an incident ticket: verdict, root cause, evidence table, remediation, checklist.
public enum MarkdownReporter: Reporter {
  public static let identifier = "markdown"

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    var lines = [
      "# \(escape(diagnosis.symptomTitle)) (`\(diagnosis.symptomID)`): \(diagnosis.status.rawValue)", "",
      escape(Headline.text(diagnosis)), "",
    ]
    for (rank, cause) in diagnosis.causes.enumerated() {
      lines += causeSection(cause, rank: rank + 1)
    }
    if !diagnosis.undecided.isEmpty {
      lines += ["## Undecided hypotheses", "", "| hypothesis | blocked by |", "|---|---|"]
      for hypothesis in diagnosis.undecided {
        let blockers = UnknownFactList.text(hypothesis.blockedBy, separator: "; ", name: { "`\($0)`" }, reason: escape)
        lines.append("| \(escape(hypothesis.title)) (`\(hypothesis.id)`) | \(blockers) |")
      }
      lines.append("")
    }
    if !diagnosis.checklist.isEmpty {
      lines += ["## Checklist", "", "| | item | note |", "|---|---|---|"]
      for item in diagnosis.checklist {
        let mark =
          switch item.outcome {
          case .pass: "✅ pass"
          case .fail: "❌ fail"
          case .unknown: "❔ unknown"
          case .notApplicable: "➖ n/a"
          }
        lines.append("| \(mark) | \(escape(item.text)) | \(escape(item.reason ?? "")) |")
      }
      lines.append("")
    }
    if !metadata.probes.isEmpty {
      lines += ["## Probes", "", "| probe | kind | status | ms | note |", "|---|---|---|---:|---|"]
      for probe in metadata.probes {
        lines.append(
          "| `\(probe.id)` | \(probe.kind) | \(probe.status) | \(Int(probe.milliseconds)) | \(escape(probe.reason ?? "")) |"
        )
      }
      lines.append("")
    }
    if !diagnosis.inputs.isEmpty {
      lines += ["## Inputs", "", "| input | value | from |", "|---|---|---|"]
      for input in diagnosis.inputs {
        let source = input.provenance.map { "\($0.kind): \($0.source)" } ?? ""
        lines.append("| `\(input.name)` | \(escape(value(of: input))) | \(escape(source)) |")
      }
      lines.append("")
    }
    let runbooks = metadata.catalogDigest.map { ", runbooks \($0)" } ?? ""
    lines.append(
      "_triage \(metadata.triageVersion)\(runbooks); \(diagnosis.rulesEvaluated) rules evaluated, \(diagnosis.rulesFired) fired._"
    )
    return lines.joined(separator: "\n") + "\n"
  }

  private static func causeSection(_ cause: CauseFinding, rank: Int) -> [String] {
    var lines = ["## Root cause \(rank): \(escape(cause.title))", ""]
    lines.append("`\(cause.id)`, certainty \(TextReporter.format(cause.certainty))")
    lines.append("")
    if let summary = cause.summary { lines += [escape(summary), ""] }
    if !cause.mechanisms.isEmpty {
      lines += ["Chain: " + ([cause.id] + cause.mechanisms.map(\.id)).map { "`\($0)`" }.joined(separator: " → "), ""]
    }
    lines += ["### Evidence", "", "| rule | fact | value | source |", "|---|---|---|---|"]
    for trace in cause.evidence + cause.mechanisms.flatMap(\.evidence) {
      for fact in trace.facts {
        let source = fact.provenance.map { "\($0.kind) `\($0.source)`" } ?? ""
        lines.append("| `\(trace.ruleID)` | `\(fact.name)` | \(escape(value(of: fact))) | \(source) |")
      }
    }
    lines.append("")
    if !cause.remediation.isEmpty {
      lines += ["### Remediation", "", "_Commands are shown, never run by triage._", ""]
      for (index, step) in cause.remediation.enumerated() {
        lines.append("\(index + 1). \(escape(step.text))")
        if !step.commands.isEmpty {
          lines += ["   ```sh"] + step.commands.map { "   \($0)" } + ["   ```"]
        }
      }
      lines.append("")
    }
    if !cause.prevention.isEmpty {
      lines += ["### Prevention", ""] + cause.prevention.map { "- \(escape($0))" } + [""]
    }
    return lines
  }

  static func value(of fact: FactEvidence) -> String {
    if fact.redacted { return "[redacted]" }
    if let value = fact.value { return value.description }
    return "unknown (\(fact.unknownReason ?? "?"))"
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
