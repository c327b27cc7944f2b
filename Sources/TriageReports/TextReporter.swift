import TriageCEL
import TriageCore

/// The report for people at a terminal: verdict first, then root causes, evidence, fix and
/// checklist, and last the ``Conclusion`` — what the screen shows when the report has scrolled by.
public enum TextReporter: Reporter {
  public static let identifier = "text"

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    var lines: [String] = []
    let verdict = Conclusion.statusWord(diagnosis.status, style: style)
    lines.append("\(style.bold(diagnosis.symptomID)) — \(diagnosis.symptomTitle): \(verdict)")
    lines += style.wrap(Headline.text(diagnosis), indent: 0)
    for (rank, cause) in diagnosis.causes.enumerated() {
      lines.append("")
      lines += causeLines(cause, rank: rank + 1, style: style)
    }
    if !diagnosis.undecided.isEmpty {
      lines.append("")
      lines.append(style.bold("Undecided hypotheses") + " (unknown facts block them):")
      for hypothesis in diagnosis.undecided {
        let blockers = UnknownFactList.text(hypothesis.blockedBy, separator: "; ")
        lines += style.wrap("- \(hypothesis.title) [\(hypothesis.id)]: needs \(blockers)", indent: 2)
      }
    }
    if !diagnosis.checklist.isEmpty {
      lines.append("")
      lines.append(style.bold("Checklist:"))
      for item in diagnosis.checklist {
        let mark: String
        switch item.outcome {
        case .pass: mark = style.green("pass")
        case .fail: mark = style.red("FAIL")
        case .unknown: mark = style.yellow("  ? ")
        case .notApplicable: mark = style.dim("n/a ")
        }
        let reason = item.reason.map { style.dim("  (\($0))") } ?? ""
        lines.append("  [\(mark)] \(item.text)\(reason)")
      }
    }
    lines += inputLines(diagnosis.inputs, style: style)
    let troubled = metadata.probes.filter { $0.status != "ok" && $0.status != "not_applicable" }
    if !metadata.probes.isEmpty {
      lines.append("")
      let slowest = metadata.probes.map(\.milliseconds).max() ?? 0
      lines.append(
        style.bold("Probes:")
          + " \(metadata.probes.count) run, \(troubled.count) without a result, slowest \(Int(slowest)) ms")
      for probe in troubled {
        lines.append("  - \(probe.id) (\(probe.kind)): \(probe.status) — \(probe.reason ?? "")")
      }
    }
    lines.append("")
    lines.append(
      style.dim(
        "\(diagnosis.rulesEvaluated) rules evaluated, \(diagnosis.rulesFired) fired; "
          + "\(diagnosis.ruledOut.count) hypotheses ruled out; triage \(metadata.triageVersion)"
          + (metadata.catalogDigest.map { ", runbooks \($0)" } ?? "")))
    lines.append("")
    lines += Conclusion.lines(diagnosis, style: style)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Where the inputs came from, counted ("Inputs: 14 discovered, 2 set, 9 defaults"); each one
  /// with its value and source under `--verbose`.
  private static func inputLines(_ inputs: [FactEvidence], style: TextStyle) -> [String] {
    guard !inputs.isEmpty else { return [] }
    var counts: [(String, Int)] = []
    for kind in ["discovered", "input", "default"] {
      let count = inputs.filter { ($0.provenance?.kind ?? "default") == kind }.count
      if count > 0 { counts.append((kind == "input" ? "set" : kind == "default" ? "defaults" : kind, count)) }
    }
    var lines = ["", style.bold("Inputs:") + " " + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")]
    guard style.verbose else { return lines }
    for input in inputs {
      let shown = input.redacted ? "[redacted]" : input.value.map(\.description) ?? "unknown"
      let source = input.provenance.map { "\($0.kind): \($0.source)" } ?? ""
      lines += style.wrap("\(input.name) = \(shown)  ← \(source)", indent: 2)
    }
    return lines
  }

  private static func causeLines(_ cause: CauseFinding, rank: Int, style: TextStyle) -> [String] {
    var lines = [
      style.bold("Root cause \(rank): \(cause.title)") + " [\(cause.id)], certainty \(format(cause.certainty))"
    ]
    if let summary = cause.summary { lines += style.wrap(summary, indent: 2) }
    if !cause.mechanisms.isEmpty {
      let chain = [cause.id] + cause.mechanisms.map(\.id)
      lines.append("  Chain: " + chain.joined(separator: " → "))
    }
    lines.append("  Evidence:")
    var shown = Set<String>()
    for trace in cause.evidence + cause.mechanisms.flatMap(\.evidence) where shown.insert(trace.ruleID).inserted {
      lines += traceLines(trace, indent: 4, style: style)
    }
    if !cause.remediation.isEmpty {
      lines.append("  Remediation (shown, never run by triage):")
      for (index, step) in cause.remediation.enumerated() {
        lines += style.wrap("\(index + 1). \(step.text)", indent: 4)
        lines += step.commands.map { "       $ \($0)" }
      }
    }
    if !cause.prevention.isEmpty {
      lines.append("  Prevention:")
      lines += cause.prevention.flatMap { style.wrap("- \($0)", indent: 4) }
    }
    return lines
  }

  private static func traceLines(_ trace: RuleTrace, indent: Int, style: TextStyle) -> [String] {
    let pad = String(repeating: " ", count: indent)
    var lines = style.wrap("rule \(trace.ruleID)" + (trace.because.map { ": \($0)" } ?? ""), indent: indent)
    if style.verbose { lines.append(pad + "  " + style.dim("when \(trace.condition)  (\(trace.location))")) }
    for fact in trace.facts {
      lines.append(pad + "  " + factLine(fact))
      for derivation in fact.derivation where indent < 8 {
        lines += traceLines(derivation, indent: indent + 4, style: style)
      }
    }
    return lines
  }

  public static func factLine(_ fact: FactEvidence) -> String {
    let value: String
    if fact.redacted {
      value = "[redacted]"
    } else if let known = fact.value {
      value = known.description
    } else {
      value = "unknown (\(fact.unknownReason ?? "?"))"
    }
    let source = fact.provenance.map { "  ← \($0.kind) \($0.source)" } ?? ""
    return "\(fact.name) = \(value)\(source)"
  }

  public static func format(_ certainty: Double) -> String {
    let scaled = Int((certainty * 100).rounded())
    return "\(scaled / 100).\(scaled % 100 < 10 ? "0" : "")\(scaled % 100)"
  }
}
