import TriageCEL

extension EngineRun {
  /// Assembles the diagnosis from the evaluated rules.
  func diagnosis() -> Diagnosis {
    let minimum = symptom?.minCertainty ?? 0.2
    let concluded = hypotheses.filter { certainty[$0] >= minimum }
    let roots = rootCauses(of: concluded)
    let concludedSet = Set(concluded)
    var findings = findings(for: roots, concluded: concludedSet)
    findings.sort { a, b in
      if a.certainty != b.certainty { return a.certainty > b.certainty }
      if a.mechanisms.count != b.mechanisms.count { return a.mechanisms.count > b.mechanisms.count }
      return (catalog.causeIndex[a.id] ?? 0) < (catalog.causeIndex[b.id] ?? 0)
    }
    var undecided: [Hypothesis] = []
    var ruledOut: [String] = []
    for index in hypotheses where certainty[index] < minimum {
      if let hypothesis = openHypothesis(index) {
        undecided.append(hypothesis)
      } else {
        ruledOut.append(catalog.causes[index].id)
      }
    }
    let rootIDs = Set(findings.map(\.id))
    let undecidedIDs = Set(undecided.map(\.id))
    let hypothesisOutcomes = hypotheses.map { index in
      let id = catalog.causes[index].id
      let state: HypothesisOutcome.State =
        if rootIDs.contains(id) {
          .root
        } else if concludedSet.contains(index) {
          .mechanism
        } else {
          undecidedIDs.contains(id) ? .undecided : .ruledOut
        }
      return HypothesisOutcome(id: id, state: state, certainty: max(0, min(1, certainty[index])))
    }
    let symptomState = observeSymptom()
    let checklist = checklistResults()
    let status = Self.verdict(
      symptom: symptomState, rootCauses: !findings.isEmpty, undecided: !undecided.isEmpty,
      essential: checklist.filter(\.essential).map(\.outcome))
    return Diagnosis(
      symptomID: symptomID, symptomTitle: symptom?.title ?? symptomID, status: status, symptomState: symptomState,
      observation: observedFacts(),
      causes: findings, undecided: undecided, ruledOut: ruledOut, hypotheses: hypothesisOutcomes,
      checklist: checklist,
      inputs: symptom?.inputs.map { evidence(for: $0.factID, depth: 0) } ?? [],
      rulesEvaluated: outcomes.lazy.filter { $0 != nil }.count,
      rulesFired: outcomes.lazy.filter { if case .fired = $0 { true } else { false } }.count)
  }

  /// What the observation of the symptom found: `reachable` first, then `detect`.
  private func observeSymptom() -> SymptomState {
    if let reachable = symptom?.reachable {
      switch evaluate(reachable) {
      case .fired: break
      case .notFired: return .unreachable
      case .blocked, .failed, .notApplicable: return .unknown
      }
    }
    guard let detect = symptom?.detect else { return .unchecked }
    switch evaluate(detect) {
    case .fired: return .present
    case .notFired: return .absent
    case .blocked, .failed, .notApplicable: return .unknown
    }
  }

  /// The facts `reachable` and `detect` read, each once, in that order.
  private func observedFacts() -> [FactEvidence] {
    var seen = Set<Int>()
    let ids = [symptom?.reachable, symptom?.detect].compactMap { $0 }.flatMap(\.factIDs)
    return ids.filter { $0 >= 0 && seen.insert($0).inserted }.map { evidence(for: $0, depth: Self.maximumTraceDepth) }
  }

  /// The verdict from what was observed (the table in docs/architecture.md).
  ///
  /// - Parameters:
  ///   - symptom: What the symptom's observation found.
  ///   - rootCauses: Whether a root cause is concluded.
  ///   - undecided: Whether some hypothesis is neither concluded nor ruled out.
  ///   - essential: The outcomes of the essential checklist items.
  static func verdict(
    symptom: SymptomState, rootCauses: Bool, undecided: Bool, essential: [ChecklistResult.Outcome]
  ) -> DiagnosisStatus {
    switch symptom {
    case .unreachable:
      return .unreachable
    case .present:
      return .problem
    case .absent:
      if rootCauses || essential.contains(.fail) { return .atRisk }
      return essential.contains(.unknown) ? .undetermined : .healthy
    case .unknown:
      return rootCauses ? .problem : .undetermined
    case .unchecked:
      if rootCauses { return .problem }
      if essential.contains(.fail) { return .atRisk }
      return undecided || essential.contains(.unknown) ? .undetermined : .healthy
    }
  }

  /// Concluded causes that no other concluded cause explains (directly or through other causes).
  ///
  /// Root over mechanism holds whenever both are concluded, whatever their certainties: a
  /// mechanism (a failing health check) is never reported above the cause that produces it
  /// (overload), whose fix is the one that helps. A weak cause stays below `min_certainty`, not
  /// concluded, rather than being reported under its mechanism.
  private func rootCauses(of concluded: [Int]) -> [Int] {
    var explained = Set<Int>()
    let isConcluded = Set(concluded)
    for cause in concluded {
      for reached in reachable(from: cause) where isConcluded.contains(reached) {
        explained.insert(reached)
      }
    }
    return concluded.filter { !explained.contains($0) }
  }

  /// Causes reachable through `explains`, breadth first, excluding the start.
  private func reachable(from start: Int) -> [Int] {
    var seen: Set<Int> = [start]
    var order: [Int] = []
    var queue = [start]
    var head = 0
    while head < queue.count {
      let current = queue[head]
      head += 1
      for next in catalog.causes[current].explainsCauses where seen.insert(next).inserted {
        order.append(next)
        queue.append(next)
      }
    }
    return order
  }

  /// Below this many root causes, their findings are assembled on the calling thread.
  static let parallelFindingsMinimum = 64

  /// The findings of the root causes, in their order: assembled on every core when there are
  /// many (each walks its evidence chains, which only read the finished run).
  private func findings(for roots: [Int], concluded: Set<Int>) -> [CauseFinding] {
    let run = self
    let chunks = ParallelChunks.chunks(count: roots.count, minimum: Self.parallelFindingsMinimum) { range in
      range.map { run.finding(for: roots[$0], concluded: concluded) }
    }
    return chunks?.flatMap { $0 } ?? roots.map { finding(for: $0, concluded: concluded) }
  }

  private func finding(for index: Int, concluded: Set<Int>, withMechanisms: Bool = true) -> CauseFinding {
    let cause = catalog.causes[index]
    let evidence = catalog.rulesConcludingCause[index].compactMap { ruleIndex -> RuleTrace? in
      guard case .fired = outcomes[ruleIndex] else { return nil }
      return trace(ruleIndex, depth: 0)
    }
    let mechanisms =
      withMechanisms
      ? reachable(from: index).filter { concluded.contains($0) }.map {
        finding(for: $0, concluded: concluded, withMechanisms: false)
      } : []
    return CauseFinding(
      id: cause.id, title: filled(cause.title, unknownAs: "?"),
      summary: cause.summary.map { filled($0, unknownAs: "?") },
      certainty: max(0, min(1, certainty[index])),
      evidence: evidence, mechanisms: mechanisms, remediation: cause.remediation.filter(applies).map(substituted),
      prevention: cause.prevention, references: cause.references)
  }

  /// Whether a step is shown: unless its condition is false or does not apply here (a step for
  /// systemd on a host without it, for a technology the stack has not); an unknown condition keeps
  /// it, since it may well apply.
  private func applies(_ remediation: ConditionalRemediation) -> Bool {
    guard let when = remediation.when else { return true }
    switch evaluate(when) {
    case .notFired, .notApplicable: return false
    case .fired, .blocked, .failed: return true
    }
  }

  /// A remediation step with `${fact}` placeholders filled in (see ``filled(_:unknownAs:)``).
  private func substituted(_ remediation: ConditionalRemediation) -> RemediationStep {
    RemediationStep(text: filled(remediation.step.text), commands: remediation.step.commands.map { filled($0) })
  }

  private func filled(_ text: String, unknownAs: String? = nil) -> String {
    catalog.filled(text, from: facts, unknownAs: unknownAs)
  }

  private func openHypothesis(_ index: Int) -> Hypothesis? {
    var blockedRules: [String] = []
    var blockedRuleFacts: [[String]] = []
    var blocking: [Int] = []
    var failures: [String] = []
    for ruleIndex in catalog.rulesConcludingCause[index] {
      let rule = catalog.rules[ruleIndex]
      guard case .conclude(_, let ruleCertainty) = rule.action, ruleCertainty > 0 else { continue }
      switch outcomes[ruleIndex] {
      case .blocked(let ids):
        blockedRules.append(rule.id)
        blockedRuleFacts.append(ids.map { catalog.facts[$0].name })
        blocking += ids
      case .failed(let message):
        blockedRules.append(rule.id)
        blockedRuleFacts.append([])
        failures.append(message)
      default: break
      }
    }
    guard !blockedRules.isEmpty else { return nil }
    let cause = catalog.causes[index]
    var blockedBy = Array(Set(blocking)).sorted().map { evidence(for: $0, depth: Self.maximumTraceDepth) }
    for failure in failures {
      blockedBy.append(
        FactEvidence(
          name: "(error)", value: nil, unknownReason: failure, redacted: false, provenance: nil, derivation: []))
    }
    return Hypothesis(
      id: cause.id, title: filled(cause.title, unknownAs: "?"), blockedRules: blockedRules,
      blockedRuleFacts: blockedRuleFacts,
      blockedBy: blockedBy)
  }

  private func checklistResults() -> [ChecklistResult] {
    catalog.checklist.filter { $0.symptom == symptomID }.map { item in
      let outcome: ChecklistResult.Outcome
      var reason: String?
      switch evaluate(item.pass) {
      case .fired: outcome = .pass
      case .notFired: outcome = .fail
      case .notApplicable:
        outcome = .notApplicable
        reason = "does not apply: " + notApplicableFacts(of: item.pass).joined(separator: ", ")
      case .blocked(let ids):
        outcome = .unknown
        reason = "unknown: " + ids.map { catalog.facts[$0].name }.joined(separator: ", ")
      case .failed(let message):
        outcome = .unknown
        reason = message
      }
      return ChecklistResult(
        id: item.id, text: item.text, essential: item.essential, outcome: outcome, reason: reason)
    }
  }

  /// The facts an expression reads that do not apply here, by name.
  private func notApplicableFacts(of expression: Expression) -> [String] {
    expression.factIDs.filter { $0 >= 0 && facts[$0].isNotApplicable }.map { catalog.facts[$0].name }
  }

  static var maximumTraceDepth: Int { 12 }

  /// The trace of a rule and, recursively, of the rules that derived the facts it read.
  func trace(_ ruleIndex: Int, depth: Int) -> RuleTrace {
    let rule = catalog.rules[ruleIndex]
    var ruleCertainty: Double?
    if case .conclude(_, let value) = rule.action { ruleCertainty = value }
    return RuleTrace(
      ruleID: rule.id, because: rule.because, condition: rule.when.source, location: rule.location,
      certainty: ruleCertainty, facts: rule.when.factIDs.filter { $0 >= 0 }.map { evidence(for: $0, depth: depth + 1) })
  }

  /// A fact as evidence, with the derivation of a derived fact (bounded in depth).
  func evidence(for id: Int, depth: Int) -> FactEvidence {
    let name = catalog.facts[id].name
    let secret = catalog.facts[id].secret
    var derivation: [RuleTrace] = []
    if depth < Self.maximumTraceDepth, let ruleIndex = derivedBy[id] {
      derivation = [trace(ruleIndex, depth: depth)]
    }
    switch facts[id] {
    case .known(let value, let provenance):
      return FactEvidence(
        name: name, value: secret ? nil : value, unknownReason: nil, redacted: secret, provenance: provenance,
        derivation: derivation)
    case .unknown(let reason, let provenance):
      return FactEvidence(
        name: name, value: nil, unknownReason: reason, redacted: false, provenance: provenance,
        derivation: derivation)
    case .notApplicable(let reason, let provenance):
      return FactEvidence(
        name: name, value: nil, unknownReason: "not applicable: " + reason, redacted: false, provenance: provenance,
        derivation: derivation)
    case .unset:
      return FactEvidence(
        name: name, value: nil, unknownReason: "not collected", redacted: false, provenance: nil,
        derivation: derivation)
    }
  }
}
