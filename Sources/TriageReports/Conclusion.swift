import TriageCEL
import TriageCore

/// The few lines an operator acts on, printed last so they are what the screen shows: the verdict,
/// the root cause with the one observed fact that proves it, and the first fix command to paste.
///
/// ```
/// Conclusion: PROBLEM — A critical dependency is down: the cache (Redis at redis://127.0.0.1:46379) [dependency-failure], certainty 0.88
///   Proof: redis.ping = false — 127.0.0.1:46379: refused
///   First fix: Redis: does it answer, and what do its limits say?
///     $ redis-cli -u 'redis://127.0.0.1:46379' ping
/// ```
public enum Conclusion {
  /// The block, wrapped to the style's width; at most about ten lines.
  public static func lines(_ diagnosis: Diagnosis, style: TextStyle) -> [String] {
    let status = statusWord(diagnosis.status, style: style)
    guard let cause = diagnosis.causes.first else {
      var lines = style.wrap("Conclusion: \(status) — \(Headline.text(diagnosis))", indent: 0)
      if let blocked = diagnosis.undecided.first {
        let needs = UnknownFactList.text(blocked.blockedBy.prefix(3))
        lines += style.wrap("Open: \(blocked.title) [\(blocked.id)] needs \(needs)", indent: 2)
      }
      return lines
    }
    var lines = style.wrap(
      "Conclusion: \(status) — \(cause.title) [\(cause.id)], certainty \(TextReporter.format(cause.certainty))",
      indent: 0)
    if let proof = proof(of: cause) { lines += style.wrap("Proof: \(proofText(proof))", indent: 2) }
    if let step = cause.remediation.first(where: { !$0.commands.isEmpty }) ?? cause.remediation.first {
      lines += style.wrap("First fix: \(step.text)", indent: 2)
      lines += step.commands.prefix(2).map { "    $ \($0)" }
    }
    if diagnosis.causes.count > 1 {
      let others = diagnosis.causes.dropFirst().map(\.id).joined(separator: ", ")
      lines += style.wrap("Also concluded: \(others) (above).", indent: 2)
    }
    return lines
  }

  /// The observed fact that best proves a cause: following its most certain concluding rule
  /// through the facts it read (and how derived ones were derived) to the first one a probe, an
  /// answer or a file established.
  public static func proof(of cause: CauseFinding) -> FactEvidence? {
    let strongest = cause.evidence.enumerated().sorted {
      ($0.element.certainty ?? 0, -$0.offset) > ($1.element.certainty ?? 0, -$1.offset)
    }
    for (_, trace) in strongest {
      if let found = observed(in: trace, depth: 0) { return found }
    }
    return nil
  }

  /// Of a rule's observed facts, one that says more than yes or no (`pg.error = "too_many_connections"`
  /// rather than `pg.connected = false`) when there is one, else the last one the rule reads.
  private static func observed(in trace: RuleTrace, depth: Int) -> FactEvidence? {
    let candidates = trace.facts.filter { fact in
      guard fact.value != nil || fact.redacted, let kind = fact.provenance?.kind else { return false }
      return ["probe", "answer", "file"].contains(kind) && !fact.name.hasPrefix("input.")
    }
    let telling = candidates.first {
      if case .bool = $0.value { return false }
      return true
    }
    // Of yes/no facts, the last: conditions name their guards first (`app.running && deploy.just_rolled_out`).
    if let found = telling ?? candidates.last { return found }
    guard depth < 6 else { return nil }
    for fact in trace.facts {
      for derivation in fact.derivation {
        if let found = observed(in: derivation, depth: depth + 1) { return found }
      }
    }
    return nil
  }

  private static func proofText(_ fact: FactEvidence) -> String {
    let value = fact.redacted ? "[redacted]" : fact.value?.description ?? "?"
    let source = fact.provenance.map { $0.evidence ?? "\($0.kind) \($0.source)" } ?? ""
    return "\(fact.name) = \(value)" + (source.isEmpty ? "" : " — \(source)")
  }

  /// The verdict's word, coloured as the report's first line colours it.
  public static func statusWord(_ status: DiagnosisStatus, style: TextStyle) -> String {
    switch status {
    case .problem: style.red(style.bold("PROBLEM"))
    case .unreachable: style.red(style.bold("UNREACHABLE"))
    case .atRisk: style.yellow(style.bold("AT RISK"))
    case .healthy: style.green(style.bold("HEALTHY"))
    case .undetermined: style.yellow(style.bold("UNDETERMINED"))
    }
  }
}
