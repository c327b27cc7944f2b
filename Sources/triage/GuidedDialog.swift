import TriageCEL
import TriageCore
import TriageReports

/// The conversation of a guided session: questions, `why`, `how`, `retest`.
struct GuidedDialog {
  let console: Console
  let scripted: [String: FactState]
  let keeper: TranscriptKeeper

  /// Asks questions until none is worth asking; false when the person quit or input ended.
  mutating func askQuestions(_ session: inout GuidedSession) -> Bool {
    while let question = session.nextQuestion() {
      keeper.update(session.facts)
      let name = session.catalog.facts[question.factID].name
      if let state = scripted[name] {
        apply(state, to: question, in: &session)
        console.say("? \(question.text) → \(describe(state)) (from the answers file)")
        continue
      }
      console.say("")
      console.paragraph("? " + session.catalog.filled(question.text, from: session.facts))
      console.say(console.style.dim("  [\(AnswerParser.hint(question))]"))
      guard let input = console.ask("  (why, unknown, skip, back, help) > ") else {
        console.say("\nend of input: concluding with what is known")
        return false
      }
      switch input.lowercased() {
      case "why": explainWhy(question, session: session)
      case "help", "?":
        if let help = question.help {
          for line in session.catalog.filledLines(help, from: session.facts).split(separator: "\n") {
            console.paragraph(String(line), indent: 2)
          }
        }
        console.say("  Answer \(AnswerParser.hint(question)); or why, unknown, skip, back, quit.")
      case "unknown", "u", "dunno": session.answerUnknown(question)
      case "skip", "s": session.skip(question)
      case "back", "b":
        if session.back() == nil { console.say("  Nothing to go back to.") }
      case "quit", "q", "exit": return false
      case "": console.say("  Type an answer, or help.")
      default:
        switch AnswerParser.parse(input, for: question) {
        case .success(let value): session.answer(question, with: value)
        case .failure(let error): console.say("  " + error.message)
        }
      }
    }
    return true
  }

  private func apply(_ state: FactState, to question: Question, in session: inout GuidedSession) {
    switch state {
    case .known(let value, _):
      if let typed = question.type.coerce(value) {
        session.answer(question, with: typed)
      } else {
        session.skip(question)
      }
    default: session.answerUnknown(question)
    }
  }

  private func describe(_ state: FactState) -> String {
    state.value.map(AnswerParser.display) ?? "unknown"
  }

  private func explainWhy(_ question: Question, session: GuidedSession) {
    let why = session.why(question)
    console.say("  This answer sets \(why.fact).")
    for hypothesis in why.hypotheses {
      console.say(
        "  It is needed to decide: \(hypothesis.title) [\(hypothesis.id)] (rules \(hypothesis.rules.joined(separator: ", ")))"
      )
    }
    for rule in why.rules.prefix(6) {
      console.say(
        console.style.dim("    rule \(rule.id): when \(rule.condition)") + (rule.because.map { " — \($0)" } ?? ""))
    }
    for outcome in why.outcomes {
      let causes = outcome.causes.isEmpty ? "no root cause" : "root cause " + outcome.causes.joined(separator: ", ")
      let answer =
        outcome.answer == .bool(true)
        ? "yes" : outcome.answer == .bool(false) ? "no" : AnswerParser.display(outcome.answer)
      console.say("  If \(answer): \(outcome.status.rawValue), \(causes)")
    }
  }

  /// After the conclusion: `how`, `retest`, `quit`.
  mutating func afterConclusion(
    _ session: inout GuidedSession, symptom: Symptom, gather: () async throws -> FactStore
  ) async throws {
    while true {
      keeper.update(session.facts)
      guard let input = console.ask("\nNext: how, retest, quit > ") else { return }
      switch input.lowercased() {
      case "how": explainHow(session.concluded)
      case "retest", "r":
        let before = session.concluded
        let beforeFacts = session.facts
        session.refresh(with: try await gather())
        reportRetest(
          before: before, after: session.concluded, facts: (beforeFacts, session.facts), catalog: session.catalog)
      case "quit", "q", "exit": return
      default: console.say("  Type how, retest or quit.")
      }
    }
  }

  /// What a retest changed: the probed facts whose values moved, the causes gained and lost and
  /// how certainties moved, then the new conclusion.
  private func reportRetest(
    before: Diagnosis, after: Diagnosis, facts: (before: FactStore, after: FactStore), catalog: Catalog
  ) {
    var changed: [String] = []
    for id in catalog.facts.indices where !catalog.facts[id].secret && !catalog.facts[id].name.hasPrefix("input.") {
      let old = facts.before[id].value?.description ?? "unknown"
      let new = facts.after[id].value?.description ?? "unknown"
      if old != new, case .known(_, let provenance) = facts.after[id], provenance.kind == "probe" {
        changed.append("\(catalog.facts[id].name): \(old) → \(new)")
      }
    }
    if changed.isEmpty {
      console.say("Retested: no probed fact changed.")
    } else {
      console.say("Retested: \(changed.count) probed fact\(changed.count == 1 ? "" : "s") changed:")
      for line in changed.prefix(8) { console.say("  \(line)") }
      if changed.count > 8 { console.say("  … and \(changed.count - 8) more") }
    }
    let beforeCertainty = Dictionary(
      before.causes.map { ($0.id, $0.certainty) }, uniquingKeysWith: { first, _ in first })
    let afterCertainty = Dictionary(after.causes.map { ($0.id, $0.certainty) }, uniquingKeysWith: { first, _ in first })
    for id in beforeCertainty.keys.sorted() where afterCertainty[id] == nil { console.say("  resolved: \(id)") }
    for id in afterCertainty.keys.sorted() where beforeCertainty[id] == nil { console.say("  new: \(id)") }
    for id in afterCertainty.keys.sorted() {
      if let old = beforeCertainty[id], let new = afterCertainty[id],
        TextReporter.format(old) != TextReporter.format(new)
      {
        console.say("  \(id): certainty \(TextReporter.format(old)) → \(TextReporter.format(new))")
      }
    }
    if before.status != after.status { console.say("Verdict: \(before.status.rawValue) → \(after.status.rawValue).") }
    if after.status == .healthy { console.say(console.style.green("The symptom is gone: the verdict is now healthy.")) }
    for line in Conclusion.lines(after, style: console.style) { console.say(line) }
  }

  private func explainHow(_ diagnosis: Diagnosis) {
    guard !diagnosis.causes.isEmpty else {
      console.say("No root cause was concluded.")
      for hypothesis in diagnosis.undecided {
        console.say(
          "  \(hypothesis.id) is undecided: needs \(hypothesis.blockedBy.map(\.name).joined(separator: ", "))")
      }
      return
    }
    var shown = Set<String>()
    for cause in diagnosis.causes {
      console.say(
        console.style.bold("\(cause.title) [\(cause.id)]") + ", certainty \(TextReporter.format(cause.certainty))")
      for trace in cause.evidence where shown.insert(trace.ruleID).inserted { printTrace(trace, indent: 2) }
      for mechanism in cause.mechanisms {
        console.say("  which explains \(mechanism.title) [\(mechanism.id)]:")
        for trace in mechanism.evidence where shown.insert(trace.ruleID).inserted { printTrace(trace, indent: 4) }
      }
    }
  }

  private func printTrace(_ trace: RuleTrace, indent: Int) {
    let pad = String(repeating: " ", count: indent)
    let certainty = trace.certainty.map { " (certainty \($0))" } ?? ""
    console.paragraph("rule \(trace.ruleID)\(certainty)" + (trace.because.map { ": \($0)" } ?? ""), indent: indent)
    if console.style.verbose { console.say("\(pad)  when \(trace.condition)  [\(trace.location)]") }
    for fact in trace.facts {
      var line = "\(pad)  \(TextReporter.factLine(fact))"
      if let evidence = fact.provenance?.evidence { line += " — \(evidence)" }
      console.say(line)
      for derivation in fact.derivation where indent < 12 { printTrace(derivation, indent: indent + 4) }
    }
  }
}
