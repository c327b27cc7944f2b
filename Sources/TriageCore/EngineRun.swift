import TriageCEL

/// The state of one evaluation: facts, rule outcomes and certainties.
struct EngineRun {
  let catalog: Catalog
  let symptom: Symptom?
  let symptomID: String
  var facts: FactStore
  let hypotheses: [Int]
  var needed: [Bool]
  /// Facts read by the needed rules, the checklist and the symptom's detection.
  var neededFacts: [Bool] = []
  var outcomes: [RuleOutcome?]
  /// For each derived fact that ended unknown, the base facts behind it.
  var blockers: [Int: [Int]] = [:]
  /// For each derived fact, the rule index that set it.
  var derivedBy: [Int: Int] = [:]
  var certainty: [Double]

  init(catalog: Catalog, symptomID: String, facts: consuming FactStore) {
    self.catalog = catalog
    self.symptomID = symptomID
    self.symptom = catalog.symptom(symptomID)
    self.facts = facts
    self.hypotheses = Engine(catalog: catalog).hypotheses(for: symptomID)
    self.needed = Array(repeating: false, count: catalog.rules.count)
    self.outcomes = Array(repeating: nil, count: catalog.rules.count)
    self.certainty = Array(repeating: 0, count: catalog.causes.count)
    markNeededRules()
  }

  /// Marks the rules the symptom's hypotheses, checklist and detection depend on.
  private mutating func markNeededRules() {
    var neededFacts = Array(repeating: false, count: catalog.facts.count)
    var seeds = catalog.checklist.filter { $0.symptom == symptomID }.flatMap(\.pass.factIDs)
    seeds += symptom?.detect?.factIDs ?? []
    seeds += symptom?.reachable?.factIDs ?? []
    // Facts that a hypothesis's title, summary or remediation names as a `${fact}` placeholder,
    // and those its remediation steps' conditions read.
    for index in hypotheses {
      let cause = catalog.causes[index]
      let texts = [cause.title, cause.summary ?? ""] + cause.remediation.flatMap { [$0.step.text] + $0.step.commands }
      for text in texts where text.containsBytes(of: "${") {
        seeds += PlaceholderTemplate.references(in: text).compactMap { catalog.factIndex[$0] }
      }
      seeds += cause.remediation.flatMap { $0.when?.factIDs ?? [] }
    }
    // A rule is needed when it concludes a hypothesis or derives a needed fact; a fact is needed
    // when a seed names it or a needed rule reads it. Rules deriving a fact come before the rules
    // reading it, so one pass from the last rule back settles both, on plain integers.
    func need(_ id: Int) {
      guard id >= 0, !neededFacts[id] else { return }
      neededFacts[id] = true
      for rule in catalog.rulesDerivingFact[id] { needed[rule] = true }
    }
    for id in seeds { need(id) }
    for index in hypotheses {
      for rule in catalog.rulesConcludingCause[index] { needed[rule] = true }
    }
    for index in catalog.rules.indices.reversed() where needed[index] {
      for id in catalog.factsReadByRule[index] { need(id) }
    }
    self.neededFacts = neededFacts
  }

  /// Evaluates every needed rule once, in dependency order: the conditions of a large block of
  /// rules that do not depend on each other together (``ConditionBlocks``), the rest one rule at
  /// a time; the outcomes always one rule at a time, in order.
  mutating func evaluateRules() {
    var remaining = Array(repeating: 0, count: catalog.facts.count)
    for fact in remaining.indices {
      for rule in catalog.rulesDerivingFact[fact] where needed[rule] { remaining[fact] += 1 }
    }
    let rules = catalog.rules
    for block in ConditionBlocks(needed: needed, catalog: catalog).blocks {
      if let conditions = ConditionBlocks.conditions(of: block, rules: rules, facts: facts) {
        for (result, index) in zip(conditions, block) {
          apply(result, of: rules[index], at: index, remaining: &remaining)
        }
      } else {
        for index in block {
          apply(rules[index].evaluateCondition(facts), of: rules[index], at: index, remaining: &remaining)
        }
      }
    }
  }

  /// Takes the outcome of rule `index`'s condition: records it, combines a fired conclusion's
  /// certainty, derives a fired rule's facts, and settles each derived fact once the last rule
  /// that could derive it has been taken.
  private mutating func apply(_ result: CELOutcome, of rule: Rule, at index: Int, remaining: inout [Int]) {
    let outcome = Self.decided(result) ?? Self.undecided(result, facts: facts, blockers: blockers)
    outcomes[index] = outcome
    switch rule.action {
    case .conclude(let cause, let ruleCertainty):
      if case .fired = outcome {
        certainty[cause] = CertaintyFactor.combine(certainty[cause], ruleCertainty)
      }
    case .derive(let derivations):
      // By position: a derivation copied out of the array is a dozen reference counts.
      for position in derivations.indices {
        let factID = derivations[position].factID
        if case .fired = outcome, case .unset = facts[factID] {
          assign(derivations[position].evaluate(facts), to: factID, by: rule, at: index)
        }
        remaining[factID] -= 1
        if remaining[factID] == 0 { finalize(factID) }
      }
    }
  }

  private mutating func assign(_ result: CELOutcome, to factID: Int, by rule: Rule, at ruleIndex: Int) {
    switch result {
    case .value(let value):
      facts[factID] = .known(value, .rule(rule.id))
      derivedBy[factID] = ruleIndex
    case .unknown(let ids):
      blockers[factID] = Self.baseFacts(of: ids, blockers: blockers)
    case .error(let error):
      facts[factID] = .unknown(reason: "rule '\(rule.id)': \(error.message)", .rule(rule.id))
    }
  }

  /// Settles a derived fact once every rule that could derive it has been evaluated.
  private mutating func finalize(_ id: Int) {
    guard case .unset = facts[id] else { return }
    var blocking = blockers[id] ?? []
    var failures: [String] = []
    var applied = false
    for ruleIndex in catalog.rulesDerivingFact[id] {
      switch outcomes[ruleIndex] {
      case .blocked(let ids): blocking += ids
      case .failed(let message): failures.append("rule '\(catalog.rules[ruleIndex].id)': \(message)")
      case .notApplicable, nil: break
      case .fired, .notFired: applied = true
      }
    }
    if !blocking.isEmpty || !failures.isEmpty {
      let unique = Array(Set(blocking)).sorted()
      blockers[id] = unique
      let names = unique.map { catalog.facts[$0].name }
      let reason = failures.first ?? "depends on unknown " + names.joined(separator: ", ")
      facts[id] = .unknown(reason: reason, nil)
    } else if !applied && !catalog.facts[id].hasExplicitDefault {
      facts[id] = .notApplicable(reason: "no rule deriving it applies", nil)
    } else if let value = catalog.facts[id].defaultValue {
      facts[id] = .known(value, Self.defaultProvenance)
    } else {
      facts[id] = .unknown(reason: "no rule derived it", nil)
    }
  }

  /// The provenance of a derived fact's default, shared by every fact that takes its default.
  static let defaultProvenance = Provenance(kind: "default", source: "(no rule derived it)")

  /// Evaluates a condition: fired only on `true`, not applicable when only facts that do not
  /// apply keep it from being decided.
  func evaluate(_ expression: Expression) -> RuleOutcome {
    outcome(of: expression.program.evaluate(facts))
  }

  /// What a condition's result means for its rule.
  func outcome(of result: CELOutcome) -> RuleOutcome {
    Self.decided(result) ?? Self.undecided(result, facts: facts, blockers: blockers)
  }

  /// The outcome of a condition that stopped at unknown facts: blocked by them, or not applicable
  /// when only facts that do not apply kept it from being decided. Static, with the parts it
  /// reads: the rule loop would otherwise copy the whole run to call it.
  static func undecided(_ result: CELOutcome, facts: FactStore, blockers: [Int: [Int]]) -> RuleOutcome {
    guard case .unknown(let ids) = result else { return .notApplicable }
    let applicable = ids.filter { $0 < 0 || !facts[$0].isNotApplicable }
    return applicable.isEmpty ? .notApplicable : .blocked(baseFacts(of: applicable, blockers: blockers))
  }

  /// The outcome of a condition that did not stop at an unknown fact; nil when it did. Static:
  /// the rule loop calls it for every rule without copying the run.
  static func decided(_ result: CELOutcome) -> RuleOutcome? {
    switch result {
    case .value(.bool(true)): .fired
    case .value(.bool(false)): .notFired
    case .value(let other): .failed("condition is \(other.typeName), not bool")
    case .error(let error): .failed(error.message)
    case .unknown: nil
    }
  }

  /// Replaces derived fact ids by the base facts that made them unknown (`blockers`).
  static func baseFacts(of ids: [Int], blockers: [Int: [Int]]) -> [Int] {
    var result: [Int] = []
    for id in ids where id >= 0 {
      if let base = blockers[id] { result += base } else { result.append(id) }
    }
    return Array(Set(result)).sorted()
  }
}
