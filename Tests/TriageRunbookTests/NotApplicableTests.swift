import Testing
import TriageCEL

@testable import TriageCore

/// Facts that do not apply (a probe whose `when` was false): rules that need them neither fire
/// nor block, and the verdict table of docs/architecture.md.
@Suite struct NotApplicableTests {
  static let runbook = """
    version: 1
    symptoms:
      - id: s
        title: Symptom
        detect: front.status == 503
        reachable: front.responded
        inputs:
          - {name: cache_url, type: string, default: ""}
    facts:
      front.status: int
      front.responded: bool
      cache.ping: bool
      app.ok: bool
      cache.down: {type: bool, default: false}
    probes:
      - id: redis
        kind: redis
        when: input.cache_url != ''
        with: {url: "${input.cache_url}"}
        yields: {cache.ping: result.ping}
    rules:
      - {id: cache-no-pong, when: "!cache.ping", derive: cache.down}
      - {id: cache-root, when: cache.down, conclude: dependency-failure, certainty: 0.8}
      - {id: cache-and-app, when: "!cache.ping && !app.ok", conclude: dependency-failure, certainty: 0.5}
      - {id: app-root, when: "!app.ok", conclude: app-failure, certainty: 0.8}
      - {id: app-or-cache, when: "!app.ok || !cache.ping", derive: trouble}
    causes:
      - {id: dependency-failure, title: Dependency down, explains: [s]}
      - {id: app-failure, title: App failure, explains: [s]}
    checklist:
      - {id: deps, text: Dependencies up?, pass: "!cache.down", essential: true}
      - {id: cache-pong, text: Cache answers?, pass: cache.ping, essential: true}
      - {id: app, text: App ok?, pass: app.ok, essential: true}
      - {id: trouble, text: No trouble?, pass: "!trouble"}
    """

  @Test func rulesThatNeedFactsThatDoNotApplyNeitherFireNorBlock() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s", facts: ["front.status": .int(200), "front.responded": .bool(true), "app.ok": .bool(true)],
      notApplicable: ["cache.ping"])
    #expect(diagnosis.undecided.isEmpty)
    #expect(Set(diagnosis.ruledOut) == ["dependency-failure", "app-failure"])
    #expect(diagnosis.status == .healthy)
    let outcomes = Dictionary(uniqueKeysWithValues: diagnosis.checklist.map { ($0.id, $0.outcome) })
    // `!cache.down`: the derived fact takes its declared default when its only rule does not apply.
    #expect(outcomes["deps"] == .pass)
    #expect(outcomes["cache-pong"] == .notApplicable)
    #expect(outcomes["app"] == .pass)
    // `!app.ok || !cache.ping` is false || n/a: the derived fact without a default does not apply.
    #expect(outcomes["trouble"] == .notApplicable)
  }

  @Test func unknownFactsStillBlock() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s", facts: ["front.status": .int(200), "front.responded": .bool(true), "app.ok": .bool(true)],
      unknown: ["cache.ping"])
    #expect(diagnosis.undecided.map(\.id) == ["dependency-failure"])
    #expect(diagnosis.status == .undetermined)
    #expect(diagnosis.checklist.first { $0.id == "cache-pong" }?.outcome == .unknown)
  }

  /// `&&` with an operand that does not apply cannot be true, whatever the other operand.
  @Test func andWithANotApplicableOperandDoesNotApplyEvenBesideAnUnknown() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s", facts: ["front.status": .int(503), "front.responded": .bool(true)],
      unknown: ["app.ok"], notApplicable: ["cache.ping"])
    // cache-and-app (`!cache.ping && !app.ok`) does not apply, so only app-root blocks app-failure.
    let open = diagnosis.undecided.map(\.id)
    #expect(open == ["app-failure"])
  }

  @Test func orIgnoresANotApplicableOperand() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s", facts: ["front.status": .int(503), "front.responded": .bool(true), "app.ok": .bool(false)],
      notApplicable: ["cache.ping"])
    #expect(diagnosis.causes.map(\.id) == ["app-failure"])
    #expect(diagnosis.checklist.first { $0.id == "trouble" }?.outcome == .fail)
  }

  @Test func aProbeWhoseWhenIsFalseMarksItsFactsNotApplicableOnReplay() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    var store = FactStore(catalog: catalog)
    let cacheURL = try #require(store.id(of: "input.cache_url"))
    store[cacheURL] = .known(.string(""), Provenance(kind: "default", source: "cache_url"))
    store.markInapplicableProbes(of: catalog)
    let ping = try #require(store.id(of: "cache.ping"))
    #expect(store[ping].isNotApplicable)
    store[cacheURL] = .known(.string("redis://127.0.0.1:1"), Provenance(kind: "test", source: "test"))
    store[ping] = .unset
    store.markInapplicableProbes(of: catalog)
    #expect(!store[ping].isNotApplicable)
  }

  @Test func aProbeWhoseParameterNeedsAFactThatDoesNotApplyDoesNotApplyOnReplay() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptoms:
        - {id: s, title: Symptom, detect: "true", inputs: [{name: stats_url, type: string, default: ""}]}
      facts:
        lb.address: string
        lb.up: bool
      probes:
        - {id: stats, kind: http, when: "input.stats_url != ''", with: {url: "${input.stats_url}"},
           yields: {lb.address: result.body}}
        - {id: backend, kind: tcp, with: {address: "${lb.address}"}, yields: {lb.up: result.connected}}
      """)
    var store = FactStore(catalog: catalog)
    let statsURL = try #require(store.id(of: "input.stats_url"))
    store[statsURL] = .known(.string(""), Provenance(kind: "default", source: "stats_url"))
    store.markInapplicableProbes(of: catalog)
    // `backend` has no `when`: it does not apply because its address comes from a probe that does not.
    let up = try #require(store.id(of: "lb.up"))
    #expect(store[up].isNotApplicable)
    let backend = try #require(catalog.probes.first { $0.id == "backend" })
    guard case .notApplicable(let reason) = backend.applicability(given: store, catalog: catalog) else {
      Issue.record("expected the backend probe not to apply")
      return
    }
    #expect(reason.contains("lb.address"))
  }

  struct VerdictCase: Sendable, CustomTestStringConvertible {
    var symptom: SymptomState
    var rootCauses: Bool
    var undecided: Bool
    var essential: [ChecklistResult.Outcome]
    var expected: DiagnosisStatus
    var testDescription: String { "\(symptom) causes:\(rootCauses) undecided:\(undecided) \(essential)" }
  }

  /// The verdict table documented in docs/architecture.md.
  static let verdicts: [VerdictCase] = [
    .init(symptom: .unreachable, rootCauses: false, undecided: true, essential: [.fail], expected: .unreachable),
    .init(symptom: .unreachable, rootCauses: true, undecided: false, essential: [], expected: .unreachable),
    .init(symptom: .present, rootCauses: true, undecided: false, essential: [], expected: .problem),
    .init(symptom: .present, rootCauses: false, undecided: true, essential: [.unknown], expected: .problem),
    .init(
      symptom: .absent, rootCauses: false, undecided: false, essential: [.pass, .notApplicable], expected: .healthy),
    .init(symptom: .absent, rootCauses: false, undecided: true, essential: [.pass], expected: .healthy),
    .init(symptom: .absent, rootCauses: true, undecided: false, essential: [.pass], expected: .atRisk),
    .init(symptom: .absent, rootCauses: false, undecided: false, essential: [.pass, .fail], expected: .atRisk),
    .init(symptom: .absent, rootCauses: false, undecided: false, essential: [.unknown], expected: .undetermined),
    .init(symptom: .unknown, rootCauses: false, undecided: false, essential: [.pass], expected: .undetermined),
    .init(symptom: .unknown, rootCauses: true, undecided: false, essential: [.pass], expected: .problem),
    .init(symptom: .unchecked, rootCauses: false, undecided: false, essential: [], expected: .healthy),
    .init(symptom: .unchecked, rootCauses: false, undecided: true, essential: [], expected: .undetermined),
    .init(symptom: .unchecked, rootCauses: false, undecided: false, essential: [.fail], expected: .atRisk),
  ]

  @Test(arguments: verdicts) func verdictTable(_ row: VerdictCase) {
    let status = EngineRun.verdict(
      symptom: row.symptom, rootCauses: row.rootCauses, undecided: row.undecided, essential: row.essential)
    #expect(status == row.expected)
  }

  @Test func anUnreachableFrontIsNeverHealthy() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s", facts: ["front.status": .int(0), "front.responded": .bool(false), "app.ok": .bool(true)],
      notApplicable: ["cache.ping"])
    #expect(diagnosis.status == .unreachable)
    #expect(diagnosis.symptomState == .unreachable)
    #expect(diagnosis.observation.map(\.name) == ["front.responded", "front.status"])
  }
}
