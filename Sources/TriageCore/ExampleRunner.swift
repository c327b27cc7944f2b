import TriageCEL

/// Runs a catalog's examples: each sets its facts, diagnoses, and compares with its expectations.
public struct ExampleRunner: Sendable {
  /// The outcome of one example.
  public struct Result: Sendable {
    /// The example.
    public var example: Example
    /// What did not match; empty when the example passed.
    public var failures: [String]
    /// The diagnosis produced.
    public var diagnosis: Diagnosis

    /// Whether every expectation held.
    public var passed: Bool { failures.isEmpty }
  }

  /// The catalog whose examples run.
  public let catalog: Catalog

  /// Creates a runner.
  public init(catalog: Catalog) {
    self.catalog = catalog
  }

  /// Runs one example.
  public func run(_ example: Example) -> Result {
    var facts = FactStore(catalog: catalog)
    let source = Provenance(kind: "example", source: example.name)
    if let symptom = catalog.symptom(example.symptom) {
      for input in symptom.inputs {
        if let value = input.defaultValue {
          facts[input.factID] = .known(value, Provenance(kind: "default", source: input.name))
        }
      }
    }
    // The example's facts first, so that fixtures' yields that read inputs or other facts see
    // them; then again after the fixtures, so that facts given beside a fixture win.
    let given = { (facts: inout FactStore) in
      for (id, value) in example.facts { facts[id] = .known(value, source) }
      for (id, reason) in example.unknown { facts[id] = .unknown(reason: reason, source) }
    }
    given(&facts)
    var fixtureErrors: [String] = []
    for (probeID, result) in example.probeResults {
      guard let probe = catalog.probes.first(where: { $0.id == probeID }) else { continue }
      let provenance = Provenance(kind: "probe fixture", source: probeID)
      for outcome in probe.yieldedFacts(from: result, facts: facts, catalog: catalog, provenance: provenance) {
        facts[outcome.factID] = outcome.state
        if let error = outcome.error {
          fixtureErrors.append("\(catalog.facts[outcome.factID].name) from the fixture: \(error)")
        }
      }
    }
    given(&facts)
    // As in a replay: the facts of probes that do not apply to the example's inputs do not apply.
    facts.markInapplicableProbes(of: catalog)
    let factFailures = example.expectFacts.compactMap { expected -> String? in
      let name = catalog.facts[expected.factID].name
      switch facts[expected.factID] {
      case .known(let value, _) where value == expected.value: return nil
      case .known(let value, _): return "expected \(name) = \(expected.value), got \(value)"
      case .unknown(let reason, _): return "expected \(name) = \(expected.value), got unknown (\(reason))"
      case .notApplicable(let reason, _): return "expected \(name) = \(expected.value), got not applicable (\(reason))"
      case .unset: return "expected \(name) = \(expected.value), but nothing set it"
      }
    }
    let diagnosis = Engine(catalog: catalog).diagnose(symptom: example.symptom, facts: facts)
    // A probe's yields that fail over its own fixture (a misspelt field of `result`) fail the
    // example, whatever the diagnosis.
    return Result(
      example: example, failures: fixtureErrors + factFailures + compare(example, diagnosis), diagnosis: diagnosis)
  }

  private func compare(_ example: Example, _ diagnosis: Diagnosis) -> [String] {
    var failures: [String] = []
    let roots = diagnosis.causes.map(\.id)
    let shown = roots.isEmpty ? "none" : roots.joined(separator: ", ")
    if let status = example.expectStatus, status != diagnosis.status {
      failures.append("expected status \(status.rawValue), got \(diagnosis.status.rawValue) (root causes: \(shown))")
    }
    if let root = example.expectRootCause, roots.first != root {
      failures.append("expected root cause \(root), got \(roots.first ?? "none") (root causes: \(shown))")
    }
    if let expected = example.expectCauses, Set(expected) != Set(roots) {
      let wanted = expected.isEmpty ? "none" : expected.sorted().joined(separator: ", ")
      failures.append(
        "expected root causes \(wanted), got \(roots.isEmpty ? "none" : roots.sorted().joined(separator: ", "))")
    }
    let concluded = Set(roots + diagnosis.causes.flatMap { $0.mechanisms.map(\.id) })
    for absent in example.expectAbsent where concluded.contains(absent) {
      failures.append("expected \(absent) not to be concluded, but it was")
    }
    return failures
  }
}
