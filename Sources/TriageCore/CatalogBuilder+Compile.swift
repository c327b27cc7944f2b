import TriageCEL

extension CatalogBuilder {
  /// Compiles every expression and resolves every reference; returns nil when nothing can be built.
  mutating func compile(facts: inout FactTable, environment: CELEnvironment) -> Catalog? {
    var compiler = ExpressionCompiler(environment: environment)
    let causeSpecs = causes.all
    var causeIndex: [String: Int] = [:]
    for (index, spec) in causeSpecs.enumerated() { causeIndex[spec.id.value] = index }
    let symptomIDs = Set(symptoms.all.map(\.id.value))

    let builtSymptoms = symptoms.all.map { compileSymptom($0, facts: facts, compiler: &compiler) }
    let builtProbes = probes.all.map { compileProbe($0, facts: facts, compiler: &compiler) }
    let added = groupAddedRemediation(causeIndex: causeIndex)
    let builtCauses = causeSpecs.map {
      resolveCause(
        $0, added: added[$0.id.value] ?? [], causeIndex: causeIndex, symptomIDs: symptomIDs, compiler: &compiler)
    }
    for spec in causeSpecs {
      for step in (added[spec.id.value] ?? []) + spec.remediation {
        checkPlaceholders(
          in: [step.step.text] + step.step.commands, facts: facts, what: "remediation", at: step.location)
      }
    }
    LoadPhases.lap("compile symptoms, probes and causes")
    let (builtRules, links) = compileRules(facts: facts, causeIndex: causeIndex, compiler: &compiler)
    let builtChecklist = checklist.all.compactMap {
      compileChecklistItem($0.spec, symptom: $0.symptom, symptomIDs: symptomIDs, compiler: &compiler)
    }
    let builtQuestions = compileQuestions(facts: facts)
    let builtExamples = exampleSpecs.compactMap {
      compileExample($0.spec, symptom: $0.symptom, facts: facts, causeIndex: causeIndex, symptomIDs: symptomIDs)
    }
    diagnostics += compiler.diagnostics
    checkExplainsCycles(builtCauses)
    let factCount = facts.declarations.count
    guard let order = orderRules(builtRules, links: links, factCount: factCount) else { return nil }
    let ordered = order.map { builtRules[$0] }
    LoadPhases.lap("check and order rules")

    // The indexes, from the rules' links in evaluation order: no rule object is visited again.
    var conclusions: [(list: Int, value: Int)] = []
    for (index, rule) in order.enumerated() where links.concluded[rule] >= 0 {
      conclusions.append((Int(links.concluded[rule]), index))
    }
    // (A rule that concludes derives nothing.)
    let derivers = IndexLists(inverting: links.derived, count: factCount, order: order)
    var declarations = facts.takeDeclarations()
    inferDerivedDefaults(&declarations, order: order, links: links, derivers: derivers)
    return Catalog(
      facts: declarations, factIndex: facts.index, symptoms: builtSymptoms.compactMap { $0 },
      probes: builtProbes.compactMap { $0 }, questions: builtQuestions, rules: ordered, causes: builtCauses,
      causeIndex: causeIndex, checklist: builtChecklist, examples: builtExamples,
      rulesReadingFact: IndexLists(inverting: links.conditionReads, count: factCount, order: order),
      rulesDerivingFact: derivers, rulesConcludingCause: IndexLists(count: builtCauses.count, pairs: conclusions),
      factsReadByRule: IndexLists(reordering: links.reads, order: order),
      sourceDigest: nil)
  }

  /// Compiles the rules in batches of about equal size: the rules of one batch are built on
  /// every core, then taken in order (with their diagnostics), and the specs let go, so only one
  /// batch of built rules waits at a time. A rule whose expressions call `matches` is built in
  /// order on this thread: its regular expressions spend the catalog's shared budget.
  private mutating func compileRules(
    facts: FactTable, causeIndex: [String: Int], compiler: inout ExpressionCompiler
  ) -> (rules: [Rule], links: RuleLinks) {
    var built: [Rule] = []
    built.reserveCapacity(rules.count)
    var links = RuleLinks()
    var pending = rules
    rules = DefinitionTable(kind: pending.kind)
    let batches = max(1, (pending.count + ParallelChunks.batchSize - 1) / ParallelChunks.batchSize)
    let batchSize = max(1, (pending.count + batches - 1) / batches)
    let environment = compiler.environment
    while let batch = pending.removeFirst(batchSize) {
      let chunks = ParallelChunks.chunks(count: batch.count) { range in
        var compiler = ExpressionCompiler(environment: environment)
        var links = RuleLinks()
        let outcomes = range.map { index -> (rule: Rule?, diagnostics: [Diagnostic])? in
          let spec = batch[index]
          guard !Self.callsMatches(spec) else { return nil }
          var diagnostics: [Diagnostic] = []
          let rule = Self.buildRule(
            spec, facts: facts, causeIndex: causeIndex, compiler: &compiler, diagnostics: &diagnostics)
          if let rule { links.append(rule) }
          return (rule, diagnostics + compiler.takeDiagnostics())
        }
        return (outcomes: outcomes, links: links)
      }
      LoadPhases.lap("compile rules")
      var specs = batch.makeIterator()
      for chunk in chunks ?? [(outcomes: Array(repeating: nil, count: batch.count), links: RuleLinks())] {
        // A chunk that built all its rules itself hands its links over whole.
        let whole = chunk.outcomes.allSatisfy { $0 != nil }
        if whole { links.append(contentsOf: chunk.links) }
        var taken = 0
        for outcome in chunk.outcomes {
          guard let spec = specs.next() else { break }
          if let outcome {
            diagnostics += outcome.diagnostics
            guard let rule = outcome.rule else { continue }
            built.append(rule)
            if !whole { links.append(taken, of: chunk.links) }
            taken += 1
          } else if let rule = Self.buildRule(
            spec, facts: facts, causeIndex: causeIndex, compiler: &compiler, diagnostics: &diagnostics)
          {
            built.append(rule)
            links.append(rule)
          }
        }
      }
      LoadPhases.lap("take the rules in order")
    }
    assert(links.count == built.count, "rule links out of step with the rules")
    return (built, links)
  }

  /// Whether any expression of a rule may call `matches`.
  private static func callsMatches(_ spec: RuleSpec) -> Bool {
    if spec.when.value.containsBytes(of: "matches") { return true }
    guard case .derive(let derivations) = spec.action else { return false }
    return derivations.contains { $0.expression.value.containsBytes(of: "matches") }
  }

  private mutating func compileSymptom(_ spec: SymptomSpec, facts: FactTable, compiler: inout ExpressionCompiler)
    -> Symptom?
  {
    let inputs = spec.inputs.compactMap { input -> Symptom.Input? in
      guard let id = facts.index["input." + input.name.value] else { return nil }
      return Symptom.Input(
        name: input.name.value, factID: id, type: input.type.value,
        defaultValue: input.defaultValue.flatMap { input.type.value.coerce($0.value) }, description: input.description,
        secret: input.secret, location: input.name.location)
    }
    let detect = spec.detect.flatMap { compiler.compile($0, expecting: .bool) }
    let reachable = spec.reachable.flatMap { compiler.compile($0, expecting: .bool) }
    if let minimum = spec.minCertainty, !(0...1).contains(minimum.value) {
      error("min_certainty must be between 0 and 1", at: minimum.location)
    }
    return Symptom(
      id: spec.id.value, title: spec.title, summary: spec.summary, inputs: inputs, detect: detect,
      reachable: reachable, minCertainty: spec.minCertainty?.value ?? 0.2, location: spec.id.location)
  }

  private mutating func compileProbe(
    _ spec: ProbeSpec, facts: FactTable, compiler: inout ExpressionCompiler
  ) -> ProbeDeclaration? {
    // Each placeholder's text where it is written (a list's element, not the list), when known.
    let texts =
      spec.templates?.map { ($0.parameter, CELValue.string($0.text.value), $0.text.location) }
      ?? spec.parameters.map { ($0.name.value, $0.value.value, $0.value.location) }
    for (name, value, location) in texts {
      for reference in PlaceholderTemplate.references(in: value) where facts.index[reference] == nil {
        error(
          "parameter '\(name)' refers to unknown fact '\(reference)'"
            + Self.didYouMean(reference, in: facts.index.keys),
          at: location)
      }
    }
    let when = spec.when.flatMap { compiler.compile($0, expecting: .bool) }
    let yields = spec.yields.compactMap { yield -> ProbeDeclaration.Yield? in
      guard let id = facts.index[yield.fact.value],
        let expression = compiler.compileYield(
          yield.expression, type: facts.declarations[id].type, kind: spec.kind.value, resultFields: spec.resultFields)
      else { return nil }
      return ProbeDeclaration.Yield(factID: id, expression: expression)
    }
    if let timeout = spec.timeout, timeout.value <= .zero || timeout.value > .seconds(3600) {
      error("timeout must be more than 0s and at most 1h", at: timeout.location)
    }
    return ProbeDeclaration(
      id: spec.id.value, kind: spec.kind.value, description: spec.description,
      parameters: Dictionary(spec.parameters.map { ($0.name.value, $0.value.value) }, uniquingKeysWith: { a, _ in a }),
      timeout: spec.timeout?.value ?? .seconds(5), when: when, yields: yields, location: spec.id.location)
  }

  /// The steps added at files' top level, by the cause they name. A step for a cause that a
  /// `disable:` removed goes with it; one for a cause that exists nowhere is an error.
  private mutating func groupAddedRemediation(causeIndex: [String: Int]) -> [String: [RemediationSpec]] {
    let disabledCauses = Set(disables.filter { $0.kind == .causes }.map(\.id.value))
    var grouped: [String: [RemediationSpec]] = [:]
    for spec in addedRemediation {
      guard let cause = spec.cause else { continue }
      if causeIndex[cause.value] != nil {
        grouped[cause.value, default: []].append(spec)
      } else if !disabledCauses.contains(cause.value) {
        error(
          "remediation for unknown cause '\(cause.value)'" + Self.didYouMean(cause.value, in: causeIndex.keys),
          at: cause.location)
      }
    }
    return grouped
  }

  /// A cause's steps, compiled: those technology files add first (the most specific), then its own.
  private mutating func compileRemediation(
    _ specs: [RemediationSpec], compiler: inout ExpressionCompiler
  ) -> [ConditionalRemediation] {
    specs.map { spec in
      ConditionalRemediation(
        step: spec.step, when: spec.when.flatMap { compiler.compile($0, expecting: .bool) }, location: spec.location)
    }
  }

  private mutating func resolveCause(
    _ spec: CauseSpec, added: [RemediationSpec], causeIndex: [String: Int], symptomIDs: Set<String>,
    compiler: inout ExpressionCompiler
  ) -> Cause {
    var explainedCauses: [Int] = []
    var explainedSymptoms: [String] = []
    for target in spec.explains {
      if let index = causeIndex[target.value] {
        if target.value == spec.id.value {
          error("cause '\(spec.id.value)' explains itself", at: target.location)
        } else {
          explainedCauses.append(index)
        }
      } else if symptomIDs.contains(target.value) {
        explainedSymptoms.append(target.value)
      } else {
        error(
          "cause '\(spec.id.value)' explains unknown cause or symptom '\(target.value)'"
            + Self.didYouMean(target.value, in: Array(causeIndex.keys) + Array(symptomIDs)), at: target.location)
      }
    }
    if spec.explains.isEmpty {
      error("cause '\(spec.id.value)' explains nothing: list the symptoms or causes it explains", at: spec.id.location)
    }
    return Cause(
      id: spec.id.value, title: spec.title, summary: spec.summary, explainsCauses: explainedCauses,
      explainsSymptoms: explainedSymptoms,
      remediation: compileRemediation(added + spec.remediation, compiler: &compiler),
      prevention: spec.prevention,
      references: spec.references, location: spec.id.location)
  }

  /// Builds one rule, compiling its expressions; its problems go to `diagnostics` (those of its
  /// expressions to the compiler's).
  private static func buildRule(
    _ spec: RuleSpec, facts: FactTable, causeIndex: [String: Int], compiler: inout ExpressionCompiler,
    diagnostics: inout [Diagnostic]
  ) -> Rule? {
    let when = compiler.compile(spec.when, expecting: .bool)
    let action: Rule.Action?
    switch spec.action {
    case .derive(let derivations):
      let built = derivations.compactMap { derivation -> Rule.Derivation? in
        guard let id = facts.index[derivation.fact.value],
          let expression = compiler.compile(derivation.expression, expecting: facts.declarations[id].type.celType)
        else { return nil }
        return Rule.Derivation(factID: id, expression: expression)
      }
      action = built.count == derivations.count ? .derive(built) : nil
    case .conclude(let cause, let certainty):
      if !(-1...1).contains(certainty.value) {
        diagnostics.append(Diagnostic(.error, "certainty must be between -1 and 1", at: certainty.location))
      }
      if let index = causeIndex[cause.value] {
        action = .conclude(causeIndex: index, certainty: certainty.value)
      } else {
        diagnostics.append(
          Diagnostic(
            .error,
            "rule '\(spec.id.value)' concludes unknown cause '\(cause.value)'"
              + Self.didYouMean(cause.value, in: causeIndex.keys), at: cause.location))
        action = nil
      }
    }
    guard let when, let action else { return nil }
    return Rule(id: spec.id.value, when: when, action: action, because: spec.because, location: spec.id.location)
  }

  private mutating func compileChecklistItem(
    _ spec: ChecklistSpec, symptom: Located<String>?, symptomIDs: Set<String>, compiler: inout ExpressionCompiler
  ) -> ChecklistItem? {
    guard let symptom = resolveSymptom(symptom, symptomIDs: symptomIDs, for: "checklist item", at: spec.id.location)
    else { return nil }
    guard let pass = compiler.compile(spec.pass, expecting: .bool) else { return nil }
    return ChecklistItem(
      id: spec.id.value, symptom: symptom, text: spec.text, pass: pass, essential: spec.essential,
      location: spec.id.location)
  }

  /// Resolves the symptom a checklist item or example belongs to, defaulting to the only symptom.
  mutating func resolveSymptom(
    _ symptom: Located<String>?, symptomIDs: Set<String>, for what: String, at location: SourceLocation
  ) -> String? {
    if let symptom {
      guard symptomIDs.contains(symptom.value) else {
        error(
          "unknown symptom '\(symptom.value)'" + Self.didYouMean(symptom.value, in: symptomIDs), at: symptom.location)
        return nil
      }
      return symptom.value
    }
    if symptomIDs.count == 1, let only = symptomIDs.first { return only }
    error("\(what) names no symptom: add 'symptom:' to it or to its file", at: location)
    return nil
  }

  private mutating func compileQuestions(facts: FactTable) -> [Int: Question] {
    var questions: [Int: Question] = [:]
    for spec in questionSpecs {
      guard let id = facts.index[spec.fact.value] else { continue }
      if let existing = questions[id] {
        error("fact '\(spec.fact.value)' already has a question (at \(existing.location))", at: spec.fact.location)
        continue
      }
      checkPlaceholders(in: [spec.text, spec.help ?? ""], facts: facts, what: "question", at: spec.fact.location)
      let type = spec.type?.value ?? facts.declarations[id].type
      for choice in spec.choices where !type.accepts(choice.value) {
        error("choice \(choice.value.abbreviated()) is not of type \(type)", at: choice.location)
      }
      questions[id] = Question(
        factID: id, text: spec.text, help: spec.help, type: type,
        choices: spec.choices.map { type.normalize($0.value) },
        cost: spec.cost, location: spec.fact.location)
    }
    return questions
  }

  /// Reports each `${name}` in texts shown to people that names no declared fact: it would be
  /// shown as written, never filled.
  private mutating func checkPlaceholders(
    in texts: [String], facts: FactTable, what: String, at location: SourceLocation
  ) {
    for text in texts {
      for reference in PlaceholderTemplate.references(in: text) where facts.index[reference] == nil {
        error(
          "\(what) refers to unknown fact '${\(reference)}'" + Self.didYouMean(reference, in: facts.index.keys),
          at: location)
      }
    }
  }

  /// A derived fact whose every derivation is the literal `true` is false when no rule concludes it.
  private func inferDerivedDefaults(
    _ declarations: inout [FactDeclaration], order: [Int], links: RuleLinks, derivers: IndexLists
  ) {
    for id in declarations.indices where declarations[id].provider == .derived && declarations[id].defaultValue == nil {
      if derivers[id].allSatisfy({ links.derivesOnlyTrue(id, rule: order[$0]) }) {
        declarations[id].defaultValue = .bool(false)
        if declarations[id].type == .dyn { declarations[id].type = .bool }
      }
    }
  }
}
