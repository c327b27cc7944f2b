import Foundation
import Testing
import TriageCEL
import TriageCore
import TriageRunbook

/// `now()`: the time of the run, a fact fixed once (`triage.now`) so that saved facts replay it.
@Suite struct NowFunctionTests {
  private let runbook = """
    version: 1
    symptoms:
      - id: web-down
        title: The web site is down
    facts:
      deploy.finished: {type: timestamp, description: When the last deployment finished}
    rules:
      - {id: just-deployed, when: "now() - deploy.finished < duration('10m')", conclude: recent-deploy}
    causes:
      - {id: recent-deploy, title: A deployment finished minutes ago, explains: [web-down]}
    examples:
      - name: five minutes after the deployment
        facts: {triage.now: "2026-12-04T10:05:00Z", deploy.finished: "2026-12-04T10:00:00Z"}
        expect: {root_cause: recent-deploy}
      - name: an hour after it
        facts: {triage.now: "2026-12-04T11:00:00Z", deploy.finished: "2026-12-04T10:00:00Z"}
        expect: {causes: []}
    """

  @Test func nowReadsTheRunsTimeFact() throws {
    let catalog = try CatalogFixture.catalog(runbook)
    #expect(catalog.fact(named: Catalog.nowFactName)?.type == .timestamp)
    for example in catalog.examples {
      let result = ExampleRunner(catalog: catalog).run(example)
      #expect(result.passed, "\(example.name): \(result.failures)")
    }
  }

  @Test func withoutTheRunsTimeARuleOnNowIsUndecided() throws {
    let catalog = try CatalogFixture.catalog(runbook)
    let finished = try #require(CELTimestamp(parsing: "2026-12-04T10:00:00Z"))
    let diagnosis = CatalogFixture.diagnose(catalog, "web-down", facts: ["deploy.finished": .timestamp(finished)])
    #expect(diagnosis.causes.isEmpty)
    #expect(diagnosis.undecided.contains { $0.id == "recent-deploy" })
  }

  @Test func startingARunFixesNow() throws {
    let catalog = try CatalogFixture.catalog(runbook)
    var store = FactStore(catalog: catalog)
    let start = try #require(CELTimestamp(parsing: "2026-12-04T10:07:00Z"))
    store.startRun(at: start)
    let id = try #require(store.id(of: Catalog.nowFactName))
    guard case .known(.timestamp(let value), _) = store[id] else {
      Issue.record("now is not set: \(store[id])")
      return
    }
    #expect(value == start)
  }

  @Test func aCatalogThatNeverCallsNowHasNoTimeFact() throws {
    let withoutExamples = try #require(runbook.components(separatedBy: "examples:").first)
    let catalog = try CatalogFixture.catalog(
      withoutExamples.replacingOccurrences(of: "now() - ", with: "deploy.finished - "))
    #expect(catalog.fact(named: Catalog.nowFactName) == nil)
  }

  @Test func nowInTheSymptomsOwnCheckIsDeclaredToo() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptoms:
        - id: stale
          title: The data is stale
          detect: "now() - data.updated > duration('1h')"
      facts:
        data.updated: {type: timestamp, description: When the data was last updated}
      """)
    #expect(catalog.fact(named: Catalog.nowFactName) != nil)
  }

  @Test func aQuestionAnEssentialCheckReadsStaysUnknownWhenNobodyAnswers() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptoms:
        - id: web-down
          title: The web site is down
      questions:
        - {fact: backups.verified, text: Were last night's backups verified?, type: bool}
        - {fact: deploy.announced, text: Was a deployment announced?, type: bool}
      checklist:
        - {id: backups, text: Are the backups verified?, essential: true, pass: backups.verified}
        - {id: deploys, text: No announced deployment?, pass: "!deploy.announced"}
      """)
    var store = FactStore(catalog: catalog)
    store.settleUnansweredQuestions(of: catalog, symptom: "web-down", reason: "an audit asks nothing")
    let backups = try #require(store.id(of: "backups.verified"))
    let deploys = try #require(store.id(of: "deploy.announced"))
    #expect({ if case .unknown = store[backups] { true } else { false } }())
    #expect(store[deploys].isNotApplicable)
    let diagnosis = Engine(catalog: catalog).diagnose(symptom: "web-down", facts: store)
    #expect(diagnosis.status != .healthy)
  }
}
