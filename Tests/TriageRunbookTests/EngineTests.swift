import Testing
import TriageCEL

@testable import TriageCore

@Suite struct EngineTests {
  static let runbook = """
    version: 1
    symptoms:
      - id: s
        title: Symptom
        detect: front.status == 503
    facts:
      front.status: int
      db.active: int
      db.max: int
      health.ok: bool
      cpu.busy: bool
    rules:
      - id: db-full
        when: db.active >= db.max
        derive: db.exhausted
      - id: db-root
        when: db.exhausted
        conclude: db-exhaustion
        certainty: 0.9
      - id: health-failing
        when: "!health.ok"
        conclude: health-check-failing
        certainty: 0.8
      - id: busy
        when: cpu.busy
        conclude: overload
        certainty: 0.4
      - id: busy-but-db
        when: cpu.busy && db.exhausted
        conclude: overload
        certainty: -0.6
    causes:
      - {id: db-exhaustion, title: DB exhausted, explains: [health-check-failing]}
      - {id: health-check-failing, title: Health check failing, explains: [s]}
      - {id: overload, title: Overload, explains: [s]}
    checklist:
      - {id: db-ok, text: Are database connections available?, pass: "!db.exhausted"}
    """

  @Test func rootCauseIsReportedAboveItsMechanism() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s",
      facts: [
        "front.status": .int(503), "db.active": .int(100), "db.max": .int(100), "health.ok": .bool(false),
        "cpu.busy": .bool(false),
      ])
    #expect(diagnosis.status == .problem)
    #expect(diagnosis.causes.map(\.id) == ["db-exhaustion"])
    #expect(diagnosis.causes.first?.mechanisms.map(\.id) == ["health-check-failing"])
    #expect(diagnosis.checklist.first?.outcome == .fail)
  }

  @Test func unknownFactBlocksAndIsReportedNeverHealthy() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s",
      facts: [
        "front.status": .int(503), "db.active": .int(100), "health.ok": .bool(true),
        "cpu.busy": .bool(false),
      ], unknown: ["db.max"])
    // The symptom is present, so the verdict is a problem; no root cause is concluded.
    #expect(diagnosis.status == .problem)
    #expect(diagnosis.symptomState == .present)
    #expect(diagnosis.causes.isEmpty)
    let open = diagnosis.undecided.first { $0.id == "db-exhaustion" }
    #expect(open?.blockedBy.map(\.name) == ["db.max"])
    #expect(open?.blockedBy.first?.unknownReason == "timed out")
    #expect(diagnosis.checklist.first?.outcome == .unknown)
  }

  @Test func falseAndUnknownIsFalseSoTheHypothesisIsRuledOut() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s",
      facts: [
        "front.status": .int(503), "db.active": .int(1), "db.max": .int(100),
        "health.ok": .bool(true), "cpu.busy": .bool(false),
      ])
    // Every hypothesis is ruled out, but the symptom is there: a problem no runbook cause explains.
    #expect(diagnosis.status == .problem)
    #expect(diagnosis.causes.isEmpty)
    #expect(Set(diagnosis.ruledOut) == ["db-exhaustion", "health-check-failing", "overload"])
  }

  @Test func negativeEvidenceLowersCertainty() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s",
      facts: [
        "front.status": .int(503), "db.active": .int(100), "db.max": .int(100),
        "health.ok": .bool(true), "cpu.busy": .bool(true),
      ])
    #expect(diagnosis.causes.map(\.id) == ["db-exhaustion"])
  }

  @Test func absentSymptomIsHealthyEvenWithOpenHypotheses() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(catalog, "s", facts: ["front.status": .int(200)], unknown: ["db.max"])
    #expect(diagnosis.symptomPresent == false)
    #expect(diagnosis.status == .healthy)
  }

  @Test func certaintyFactorsCombineLikeMycin() {
    #expect(abs(CertaintyFactor.combine(0.6, 0.5) - 0.8) < 1e-9)
    #expect(abs(CertaintyFactor.combine(-0.6, -0.5) + 0.8) < 1e-9)
    #expect(abs(CertaintyFactor.combine(0.9, -0.6) - 0.75) < 1e-9)
    #expect(CertaintyFactor.combine(1, -1) == 0)
  }

  @Test func alternativeSupportDerivesFromEitherRule() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptoms: [{id: s, title: S}]
      facts: {a: bool, b: bool}
      rules:
        - {id: r1, when: a, derive: d}
        - {id: r2, when: b, derive: d}
        - {id: r3, when: d, conclude: c}
      causes: [{id: c, title: C, explains: [s]}]
      """)
    let viaB = CatalogFixture.diagnose(catalog, "s", facts: ["b": .bool(true)], unknown: ["a"])
    #expect(viaB.causes.map(\.id) == ["c"])
    let blocked = CatalogFixture.diagnose(catalog, "s", facts: ["b": .bool(false)], unknown: ["a"])
    #expect(blocked.status == .undetermined)
    #expect(blocked.undecided.first?.blockedBy.map(\.name) == ["a"])
  }

  @Test func secretValuesAreRedactedInEvidence() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptoms:
        - id: s
          title: S
          inputs: [{name: dsn, type: string, secret: true}]
      rules:
        - {id: r, when: "input.dsn.startsWith('postgres://')", conclude: c}
      causes: [{id: c, title: C, explains: [s]}]
      """)
    let diagnosis = CatalogFixture.diagnose(catalog, "s", facts: ["input.dsn": .string("postgres://u:hunter2@h/db")])
    let evidence = diagnosis.causes.first?.evidence.first?.facts.first
    #expect(evidence?.redacted == true)
    #expect(evidence?.value == nil)
  }
}

@Suite struct RegexBudgetTests {
  /// Every compilation spends the catalog's regex budget; once spent, patterns are refused.
  @Test func aCatalogCannotCompileUnboundedRegexWork() {
    var environment = CELEnvironment()
    environment.declare("f.s", type: .string, id: 0)
    environment.limits.regexInstructionBudget = 250
    var compiler = ExpressionCompiler(environment: environment)
    let location = SourceLocation(file: "t.yaml", line: 1, column: 1)
    #expect(compiler.compile(ExpressionText("f.s.matches('a{100}')", at: location)) != nil)
    #expect(compiler.compile(ExpressionText("f.s.matches('b{100}')", at: location)) != nil)
    #expect(compiler.compile(ExpressionText("f.s.matches('c{100}')", at: location)) == nil)
    #expect(compiler.diagnostics.map(\.message).first?.contains("exceed the budget") == true)
    #expect(compiler.compile(ExpressionText("f.s == 'no regex'", at: location)) != nil)
  }

  /// A catalog large enough to compile its rules on every core still spends the budget in
  /// order: its regular expressions fail exactly as in a small catalog compiled on one thread.
  @Test func rulesBuiltInParallelSpendTheBudgetInOrder() {
    func runbook(plainRulesBetween plain: Int) -> String {
      var lines = ["version: 1", "symptoms: [{id: s, title: S}]", "facts: {f.s: string}", "rules:"]
      // About 9,000 instructions a pattern: the budget of a million runs out after about 110.
      for index in 0..<120 {
        lines.append("  - {id: m\(index), when: \"f.s.matches('(.{1000}){9}')\", derive: x\(index)}")
        for other in 0..<plain { lines.append("  - {id: p\(index)-\(other), when: \"f.s == 'a'\", derive: y\(index)}") }
      }
      return lines.joined(separator: "\n")
    }
    func budgetErrors(_ text: String) -> Int {
      CatalogFixture.diagnostics(text).filter { $0.contains("exceed the budget") }.count
    }
    let inOrder = budgetErrors(runbook(plainRulesBetween: 0))
    #expect(inOrder > 0)
    #expect(budgetErrors(runbook(plainRulesBetween: 20)) == inOrder)
  }
}

@Suite struct CauseTextPlaceholderTests {
  /// A cause's title is filled from facts, and a fact only a title names is still derived.
  @Test func titlesNameTheFactsTheyReference() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptoms:
        - {id: s, title: S, detect: "front.status == 503"}
      facts: {front.status: int, cache.ping: bool}
      rules:
        - {id: which, when: "!cache.ping", derive: {dependency.failing: "'cache (Redis)'"}}
        - {id: down, when: "!cache.ping", conclude: dep, certainty: 0.8}
      causes:
        - {id: dep, title: "A dependency is down: ${dependency.failing}", explains: [s]}
      """)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s", facts: ["front.status": .int(503), "cache.ping": .bool(false)])
    #expect(diagnosis.causes.first?.title == "A dependency is down: cache (Redis)")
  }
}
