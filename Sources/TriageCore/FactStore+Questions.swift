extension FactStore {
  /// Marks every question fact nobody answered as not applicable: rules that need only an answer
  /// nobody will give neither fire nor block, and a fact derived from one takes its default. An
  /// audit asks nothing; a guided session concludes once no answer could change its outcome.
  public mutating func settleUnansweredQuestions(of catalog: Catalog, reason: String) {
    for id in catalog.questions.keys {
      if case .unset = self[id] { self[id] = .notApplicable(reason: reason, nil) }
    }
  }
}
