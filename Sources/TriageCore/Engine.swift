import TriageCEL

/// Reasons over facts with a catalog's rules and produces a ``Diagnosis``.
///
/// Each rule is evaluated at most once, in the catalog's dependency order, so derived facts are
/// final before any rule reads them. A rule fires only when its condition is `true`; an unknown
/// fact or an error blocks it, and the block is reported — a missing fact never reads as healthy.
/// ```swift
/// let diagnosis = Engine(catalog: catalog).diagnose(symptom: "http-503", facts: facts)
/// ```
public struct Engine: Sendable {
  /// The catalog reasoned with.
  public let catalog: Catalog

  /// Creates an engine for a catalog.
  public init(catalog: Catalog) {
    self.catalog = catalog
  }

  /// Diagnoses a symptom from the facts given.
  ///
  /// - Parameters:
  ///   - symptom: The symptom id; it must exist in the catalog.
  ///   - facts: Base facts and inputs; derived facts are computed here.
  /// - Returns: The diagnosis, deterministic for the same catalog and facts.
  public func diagnose(symptom: String, facts: consuming FactStore) -> Diagnosis {
    var run = EngineRun(catalog: catalog, symptomID: symptom, facts: facts)
    run.evaluateRules()
    return run.diagnosis()
  }

  /// The ids of the facts a diagnosis of `symptom` reads: what probes need to establish.
  public func factsNeeded(for symptom: String) -> [Int] {
    let run = EngineRun(catalog: catalog, symptomID: symptom, facts: FactStore(catalog: catalog))
    return run.neededFacts.indices.filter { run.neededFacts[$0] }
  }

  /// The causes that are hypotheses for a symptom: those whose `explains` chain reaches it.
  public func hypotheses(for symptom: String) -> [Int] {
    var relevant = Array(repeating: false, count: catalog.causes.count)
    var explainers = Array(repeating: [Int](), count: catalog.causes.count)
    var queue: [Int] = []
    for (index, cause) in catalog.causes.enumerated() {
      for target in cause.explainsCauses { explainers[target].append(index) }
      if cause.explainsSymptoms.contains(symptom) {
        relevant[index] = true
        queue.append(index)
      }
    }
    var head = 0
    while head < queue.count {
      let current = queue[head]
      head += 1
      for explainer in explainers[current] where !relevant[explainer] {
        relevant[explainer] = true
        queue.append(explainer)
      }
    }
    return catalog.causes.indices.filter { relevant[$0] }
  }
}

/// What happened to one rule.
enum RuleOutcome: Sendable {
  case fired
  case notFired
  /// Unknown facts (base fact ids) kept the condition from being decided.
  case blocked([Int])
  /// Evaluation produced an error.
  case failed(String)
  /// The condition needs facts that do not apply here: it neither fires nor blocks.
  case notApplicable
}
