import TriageCEL

/// Whether a probe applies here, decided from its `when` and the facts known so far.
public enum ProbeApplicability: Sendable, Hashable {
  /// `when` is absent or true: the probe runs.
  case applies
  /// `when` is false, or reads only facts that do not apply: the probe's facts do not apply.
  case notApplicable(reason: String)
  /// `when` cannot be decided: the probe's facts are unknown.
  case unknown(reason: String)
}

extension ProbeDeclaration {
  /// Decides whether the probe applies, given the facts known so far.
  ///
  /// - Parameters:
  ///   - facts: Inputs and the facts of probes that ran before.
  ///   - catalog: The catalog, for fact names in reasons.
  /// - Returns: Whether the probe runs, and why not.
  public func applicability(given facts: FactStore, catalog: Catalog) -> ProbeApplicability {
    guard let when else { return parameterApplicability(given: facts, catalog: catalog) }
    switch when.program.evaluate(facts) {
    case .value(.bool(true)): return parameterApplicability(given: facts, catalog: catalog)
    case .value: return .notApplicable(reason: "not applicable (when: \(when.source))")
    case .unknown(let ids):
      let named = ids.filter { $0 >= 0 }
      if named.allSatisfy({ facts[$0].isNotApplicable }) {
        return .notApplicable(reason: "not applicable (when: \(when.source))")
      }
      let names = named.filter { !facts[$0].isNotApplicable }.map { catalog.facts[$0].name }
      return .unknown(reason: "applicability unknown: needs \(names.joined(separator: ", "))")
    case .error(let error): return .unknown(reason: "applicability: \(error.message)")
    }
  }

  /// A probe whose parameter needs a fact that does not apply does not apply either (its
  /// `${fact}` has nothing to stand for); live runs and replays decide it here alike.
  private func parameterApplicability(given facts: FactStore, catalog: Catalog) -> ProbeApplicability {
    for name in parameters.keys.sorted() {
      for fact in PlaceholderTemplate.references(in: parameters[name]!) {
        guard let id = catalog.factIndex[fact], facts[id].isNotApplicable else { continue }
        return .notApplicable(reason: "not applicable: parameter '\(name)' needs '\(fact)', which does not apply")
      }
    }
    return .applies
  }
}

extension FactStore {
  /// Marks every fact a probe yields as not applicable.
  public mutating func markNotApplicable(_ probe: ProbeDeclaration, reason: String) {
    let provenance = Provenance(kind: "probe", source: probe.id)
    for yield in probe.yields {
      self[yield.factID] = .notApplicable(reason: "probe '\(probe.id)': \(reason)", provenance)
    }
  }

  /// Marks the facts of probes that do not apply as not applicable, where a replayed facts file
  /// left them unset: a facts file saved where the cache was not configured says nothing of it.
  ///
  /// Probes are decided in catalog order, so a probe whose `when` reads an earlier probe's facts
  /// sees them settled.
  public mutating func markInapplicableProbes(of catalog: Catalog) {
    for probe in catalog.probes {
      guard case .notApplicable(let reason) = probe.applicability(given: self, catalog: catalog) else { continue }
      guard probe.yields.allSatisfy({ if case .unset = self[$0.factID] { true } else { false } }) else { continue }
      markNotApplicable(probe, reason: reason)
    }
  }
}
