import Dispatch
import TriageBinary
import TriageCEL

/// The binary form of a whole catalog, for the compiled-catalog cache: what loading, validating
/// and compiling the runbooks produced, read back without doing any of it again.
extension Catalog: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(facts)
    writer.write(symptoms)
    writer.write(probes)
    writer.write(questions.keys.sorted().compactMap { questions[$0] })
    RuleChunks.write(rules, to: &writer)
    writer.write(causes)
    writer.write(checklist)
    writer.write(examples)
    writer.write(rulesReadingFact)
    writer.write(rulesDerivingFact)
    writer.write(rulesConcludingCause)
    writer.write(factsReadByRule)
    writer.write(sourceDigest)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let facts = try reader.read([FactDeclaration].self)
    let names = facts.map(\.name)
    reader.names = names
    for (index, fact) in facts.enumerated() where fact.id != index {
      throw BinaryFormatError("fact ids out of order")
    }
    // The fact-name index is built on another thread while the rules decode.
    let indexSlot = ConcurrentSlots<[String: Int]>(count: 1)
    let indexing = DispatchGroup()
    DispatchQueue.global().async(group: indexing) {
      var index: [String: Int] = [:]
      index.reserveCapacity(names.count)
      for (id, name) in names.enumerated() { index[name] = id }
      indexSlot.set(0, index)
    }
    defer { indexing.wait() }
    let symptoms = try reader.read([Symptom].self)
    let probes = try reader.read([ProbeDeclaration].self)
    var questions: [Int: Question] = [:]
    for question in try reader.read([Question].self) { questions[question.factID] = question }
    let rules = try RuleChunks.read(from: &reader, names: reader.names)
    let causes = try reader.read([Cause].self)
    var causeIndex: [String: Int] = [:]
    for (index, cause) in causes.enumerated() { causeIndex[cause.id] = index }
    indexing.wait()
    let factIndex = indexSlot.take()[0] ?? [:]
    self.init(
      facts: facts, factIndex: factIndex, symptoms: symptoms, probes: probes, questions: questions, rules: rules,
      causes: causes, causeIndex: causeIndex, checklist: try reader.read([ChecklistItem].self),
      examples: try reader.read([Example].self), rulesReadingFact: try reader.read(IndexLists.self),
      rulesDerivingFact: try reader.read(IndexLists.self), rulesConcludingCause: try reader.read(IndexLists.self),
      factsReadByRule: try reader.read(IndexLists.self),
      sourceDigest: try reader.read(String?.self))
    try checkReferences()
  }

  /// Checks that every index in a decoded catalog points inside it, so a damaged cache file is
  /// an error here rather than a crash during a diagnosis.
  private func checkReferences() throws(BinaryFormatError) {
    func check(_ index: Int, below count: Int) throws(BinaryFormatError) {
      guard (0..<count).contains(index) else { throw BinaryFormatError("index \(index) out of range") }
    }
    func check(_ expression: Expression) throws(BinaryFormatError) {
      for id in expression.factIDs where id != Catalog.resultVariableID { try check(id, below: facts.count) }
    }
    guard rulesReadingFact.count == facts.count, rulesDerivingFact.count == facts.count,
      rulesConcludingCause.count == causes.count
    else { throw BinaryFormatError("rule indexes do not match the catalog") }
    for lists in [rulesReadingFact, rulesDerivingFact, rulesConcludingCause] {
      for list in lists { for index in list { try check(index, below: rules.count) } }
    }
    guard factsReadByRule.count == rules.count else { throw BinaryFormatError("rule reads do not match the catalog") }
    for list in factsReadByRule { for id in list { try check(id, below: facts.count) } }
    for rule in rules {
      try check(rule.when)
      switch rule.action {
      case .derive(let derivations):
        for derivation in derivations {
          try check(derivation.factID, below: facts.count)
          try check(derivation.expression)
        }
      case .conclude(let cause, _):
        try check(cause, below: causes.count)
      }
    }
    for cause in causes { for index in cause.explainsCauses { try check(index, below: causes.count) } }
    for symptom in symptoms {
      for input in symptom.inputs { try check(input.factID, below: facts.count) }
      if let detect = symptom.detect { try check(detect) }
    }
    for probe in probes {
      if let when = probe.when { try check(when) }
      for yield in probe.yields {
        try check(yield.factID, below: facts.count)
        try check(yield.expression)
      }
    }
    for (id, _) in questions { try check(id, below: facts.count) }
    for item in checklist { try check(item.pass) }
    for cause in causes {
      for step in cause.remediation { if let when = step.when { try check(when) } }
    }
    for example in examples {
      for fact in example.facts { try check(fact.factID, below: facts.count) }
      for fact in example.unknown { try check(fact.factID, below: facts.count) }
    }
  }
}
