import Foundation
import TriageCEL
import TriageCore

/// Runs the probes a diagnosis needs, concurrently, each with its deadline, and stores the facts
/// they yield (or unknown with the reason) in a ``FactStore``.
///
/// Only probes yielding a fact that the symptom's rules, checklist or detection read are run,
/// plus the probes those depend on (through `when` or `${fact}` parameters). A probe starts as
/// soon as the probes it depends on have finished.
/// ```swift
/// let runner = ProbeRunner(catalog: catalog)
/// let records = await runner.collect(symptom: "http-503", into: &facts, deadline: .seconds(10))
/// ```
public struct ProbeRunner: Sendable {
  /// The catalog whose probes run.
  public let catalog: Catalog
  /// The probe kinds by identifier.
  public let kinds: [String: any ProbeKind.Type]
  /// The process environment handed to probes (for `password_env`).
  public var environment: [String: String]
  /// Whether records keep each probe's structured result (`triage probe`).
  public var keepResults = false

  /// Creates a runner.
  public init(
    catalog: Catalog, kinds: [any ProbeKind.Type] = builtInProbeKinds,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.catalog = catalog
    self.kinds = Dictionary(kinds.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
    self.environment = environment
  }

  /// The indexes of the probes a diagnosis of `symptom` needs, in catalog order.
  public func probesNeeded(for symptom: String) -> [Int] {
    var neededFacts = Set(Engine(catalog: catalog).factsNeeded(for: symptom))
    var provider: [Int: Int] = [:]
    for (index, probe) in catalog.probes.enumerated() {
      for yield in probe.yields { provider[yield.factID] = index }
    }
    var selected = Set<Int>()
    var queue = neededFacts.compactMap { provider[$0] }
    while let index = queue.popLast() {
      guard selected.insert(index).inserted else { continue }
      for fact in dependencies(of: catalog.probes[index]) where neededFacts.insert(fact).inserted {
        if let other = provider[fact] { queue.append(other) }
      }
    }
    return selected.sorted()
  }

  /// The probe at `index` and the probes whose facts its `when` and parameters read, in catalog
  /// order.
  public func probesNeeded(forProbe index: Int) -> [Int] {
    var provider: [Int: Int] = [:]
    for (other, probe) in catalog.probes.enumerated() {
      for yield in probe.yields { provider[yield.factID] = other }
    }
    var selected = Set<Int>()
    var queue = [index]
    while let next = queue.popLast() {
      guard selected.insert(next).inserted else { continue }
      queue += dependencies(of: catalog.probes[next]).compactMap { provider[$0] }
    }
    return selected.sorted()
  }

  /// The facts a probe's `when` and parameters read.
  func dependencies(of probe: ProbeDeclaration) -> [Int] {
    var ids = probe.when?.factIDs.filter { $0 >= 0 } ?? []
    for value in probe.parameters.values {
      ids += PlaceholderTemplate.references(in: value).compactMap { catalog.factIndex[$0] }
    }
    return ids
  }

  /// Runs the needed probes and stores their facts.
  ///
  /// - Parameters:
  ///   - symptom: The symptom diagnosed.
  ///   - facts: The store to fill; inputs must already be set.
  ///   - deadline: The whole run's deadline; each probe also has its own `timeout`.
  /// - Returns: One record per probe considered, in catalog order.
  public func collect(
    symptom: String, into facts: inout FactStore, deadline: Duration,
    progress: (@Sendable (ProbeRecord) -> Void)? = nil
  ) async -> [ProbeRecord] {
    await collect(probes: probesNeeded(for: symptom), into: &facts, deadline: deadline, progress: progress)
  }

  /// Runs the probes at `needed` (catalog indexes; each waits for those it depends on among them)
  /// and stores their facts; one record per probe, in catalog order.
  public func collect(
    probes needed: [Int], into facts: inout FactStore, deadline: Duration,
    progress: (@Sendable (ProbeRecord) -> Void)? = nil
  ) async -> [ProbeRecord] {
    let overall = ContinuousClock.now + deadline
    var providers: [Int: Int] = [:]
    for index in needed {
      for yield in catalog.probes[index].yields { providers[yield.factID] = index }
    }
    var waitingOn: [Int: Set<Int>] = [:]
    for index in needed {
      waitingOn[index] = Set(
        dependencies(of: catalog.probes[index]).compactMap { providers[$0] }.filter { $0 != index })
    }
    var records: [Int: ProbeRecord] = [:]
    var finished = Set<Int>()
    var store = facts
    await withTaskGroup(of: (Int, ProbeOutcome, Duration).self) { group in
      var started = Set<Int>()
      func startReady() {
        for index in needed where !started.contains(index) && (waitingOn[index] ?? []).isSubset(of: finished) {
          started.insert(index)
          switch prepare(catalog.probes[index], facts: store, overall: overall) {
          case .skip(let status, let reason):
            records[index] = ProbeRecord(
              id: catalog.probes[index].id, kind: catalog.probes[index].kind, status: status, reason: reason,
              evidence: nil, duration: .zero)
            if status == .notApplicable {
              store.markNotApplicable(catalog.probes[index], reason: reason)
            } else {
              markUnknown(catalog.probes[index], reason: reason, in: &store)
            }
            finished.insert(index)
          case .run(let kind, let request):
            let cutBy = request.deadline == overall ? "the run's deadline (--deadline)" : "its timeout"
            group.addTask {
              let start = ContinuousClock.now
              // Kinds hand their result back up to 20 ms before the deadline (workDeadline).
              let cutoff = request.deadline - min(.milliseconds(25), (request.deadline - start) / 10)
              var outcome = await ProbeThread.run(kind, request)
              // A probe that ran out of time was cut short: whatever it says (a "timeout" error,
              // a partial answer) is not an observation, and its facts are unknown.
              if case .result = outcome, ContinuousClock.now >= cutoff {
                outcome = .failure(
                  "timed out after \(ProbeThread.format(milliseconds: (ContinuousClock.now - start).milliseconds)): cut short by \(cutBy)"
                )
              }
              return (index, outcome, ContinuousClock.now - start)
            }
          }
        }
      }
      var advancing = true
      while advancing {
        advancing = false
        let before = finished.count
        startReady()
        if finished.count != before { advancing = true }
        if let (index, outcome, duration) = await group.next() {
          let record = apply(outcome, of: catalog.probes[index], duration: duration, to: &store)
          records[index] = record
          progress?(record)
          finished.insert(index)
          advancing = true
        }
      }
    }
    facts = store
    return needed.compactMap { records[$0] }
  }

  private enum Preparation {
    case run(any ProbeKind.Type, ProbeRequest)
    case skip(ProbeRecord.Status, String)
  }

  /// Checks applicability and substitutes parameters.
  private func prepare(_ probe: ProbeDeclaration, facts: FactStore, overall: ContinuousClock.Instant) -> Preparation {
    switch probe.applicability(given: facts, catalog: catalog) {
    case .applies: break
    case .notApplicable(let reason): return .skip(.notApplicable, reason)
    case .unknown(let reason): return .skip(.blocked, reason)
    }
    guard let kind = kinds[probe.kind] else { return .skip(.failed, "probe kind '\(probe.kind)' is not available") }
    let parameters: [String: CELValue]
    switch ParameterSubstitution(catalog: catalog, facts: facts).parameters(of: probe) {
    case .success(let filled): parameters = filled
    case .failure(let problem):
      switch problem.failure {
      case .missing(let fact):
        return .skip(.blocked, "parameter '\(problem.parameter)' needs unknown fact '\(fact)'")
      case .rejected(let reason):
        return .skip(.failed, "parameter '\(problem.parameter)': \(reason)")
      }
    }
    let deadline = min(ContinuousClock.now + probe.timeout, overall)
    return .run(
      kind, ProbeRequest(probeID: probe.id, parameters: parameters, deadline: deadline, environment: environment))
  }

  private func markUnknown(_ probe: ProbeDeclaration, reason: String, in facts: inout FactStore) {
    let provenance = Provenance(kind: "probe", source: probe.id)
    for yield in probe.yields { facts[yield.factID] = .unknown(reason: "probe '\(probe.id)': \(reason)", provenance) }
  }

  /// Stores a probe's facts from its outcome and returns its record.
  private func apply(_ outcome: ProbeOutcome, of probe: ProbeDeclaration, duration: Duration, to facts: inout FactStore)
    -> ProbeRecord
  {
    let redactor = SecretRedactor(catalog: catalog, facts: facts)
    switch outcome {
    case .failure(let reason):
      let clean = redactor.redact(reason)
      markUnknown(probe, reason: clean, in: &facts)
      let status: ProbeRecord.Status = clean.hasPrefix("timed out") ? .timedOut : .failed
      return ProbeRecord(
        id: probe.id, kind: probe.kind, status: status, reason: clean, evidence: nil, duration: duration)
    case .result(let result, let evidence):
      let clean = redactor.redact(evidence)
      let provenance = Provenance(kind: "probe", source: probe.id, evidence: clean)
      let updates = probe.yieldedFacts(
        from: result, facts: facts, catalog: catalog, provenance: provenance, clean: redactor.redact)
      for update in updates { facts[update.factID] = update.state }
      return ProbeRecord(
        id: probe.id, kind: probe.kind, status: .ok, reason: nil, evidence: clean, duration: duration,
        result: keepResults ? result : nil)
    }
  }
}
