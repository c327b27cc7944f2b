import TriageCEL

/// Binds `result` to a probe's structured result, and every other variable to the fact store.
public struct ProbeResultActivation: CELActivation {
  let facts: FactStore
  let result: CELValue

  /// Creates the activation of one probe's `yields`.
  public init(facts: FactStore, result: CELValue) {
    self.facts = facts
    self.result = result
  }

  public func binding(forVariable id: Int) -> CELBinding {
    id == Catalog.resultVariableID ? .value(result) : facts.binding(forVariable: id)
  }
}

extension ProbeDeclaration {
  /// What one yield gave: the fact's new state, and the error that made it unknown, if one did.
  public struct YieldOutcome: Sendable {
    /// The fact.
    public var factID: Int
    /// Its state: known, or unknown with the reason.
    public var state: FactState
    /// An evaluation or type error (a misspelt field of `result`); nil when the yield gave a
    /// value or needed an unknown fact.
    public var error: String?
  }

  /// The facts the probe's `yields` give over `result` (the probe's structured result), the live
  /// run's and an example fixture's alike.
  ///
  /// - Parameter clean: Applied to every reason (the live run removes secrets from them).
  public func yieldedFacts(
    from result: CELValue, facts: FactStore, catalog: Catalog, provenance: Provenance,
    clean: (String) -> String = { $0 }
  ) -> [YieldOutcome] {
    let activation = ProbeResultActivation(facts: facts, result: result)
    return yields.map { yield in
      switch yield.expression.program.evaluate(activation) {
      case .value(let value):
        let type = catalog.facts[yield.factID].type
        if let coerced = type.coerce(value) {
          return YieldOutcome(factID: yield.factID, state: .known(coerced, provenance), error: nil)
        }
        let reason = "probe '\(id)': \(yield.expression.source) gave \(value.typeName), not \(type)"
        return YieldOutcome(factID: yield.factID, state: .unknown(reason: reason, provenance), error: reason)
      case .error(let error):
        let reason = "probe '\(id)': \(clean(error.message))"
        return YieldOutcome(factID: yield.factID, state: .unknown(reason: reason, provenance), error: reason)
      case .unknown(let ids):
        let names = ids.filter { $0 >= 0 }.map { catalog.facts[$0].name }.joined(separator: ", ")
        let reason = "probe '\(id)': needs unknown \(names)"
        return YieldOutcome(factID: yield.factID, state: .unknown(reason: reason, provenance), error: nil)
      }
    }
  }
}
