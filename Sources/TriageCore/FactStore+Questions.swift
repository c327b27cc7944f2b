extension FactStore {
  /// Marks every question fact nobody answered as not applicable: rules that need only an answer
  /// nobody will give neither fire nor block, and a fact derived from one takes its default. An
  /// audit asks nothing; a guided session concludes once no answer could change its outcome.
  ///
  /// A question an essential checklist item or the symptom's own check reads directly stays
  /// unknown instead: "nobody was asked" must not let an essential check pass, or the symptom
  /// count as absent.
  public mutating func settleUnansweredQuestions(of catalog: Catalog, symptom: String, reason: String) {
    var verdictFacts = Set<Int>()
    for item in catalog.checklist where item.essential && item.symptom == symptom {
      verdictFacts.formUnion(item.pass.factIDs)
    }
    if let definition = catalog.symptom(symptom) {
      verdictFacts.formUnion(definition.detect?.factIDs ?? [])
      verdictFacts.formUnion(definition.reachable?.factIDs ?? [])
    }
    for id in catalog.questions.keys {
      guard case .unset = self[id] else { continue }
      self[id] = verdictFacts.contains(id) ? .unknown(reason: reason, nil) : .notApplicable(reason: reason, nil)
    }
  }
}
