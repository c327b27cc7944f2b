import Testing
import TriageCEL
import TriageCore

/// Guided mode asks only what can change the verdict or the first root cause.
@Suite struct GuidedQuestionTests {
  static let runbook = """
    version: 1
    symptoms:
      - {id: s, title: S, detect: "front.status == 503", min_certainty: 0.3}
    facts: {front.status: int, pool.errors: int, deploy.now: bool}
    rules:
      # Too weak to conclude anything whatever the count: asking for it changes nothing.
      - {id: weak, when: "pool.errors > 0", conclude: pool, certainty: 0.2}
      - {id: deploying, when: "deploy.now", conclude: deploy, certainty: 0.9}
    causes:
      - {id: pool, title: Pool, explains: [s]}
      - {id: deploy, title: Deploy, explains: [s]}
    questions:
      - {fact: pool.errors, text: "How many pool errors?", type: int, cost: 0.1}
      - {fact: deploy.now, text: "Deploying?", type: bool}
    """

  private func session(frontStatus: Int64) throws -> GuidedSession {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    var facts = FactStore(catalog: catalog)
    facts.set("front.status", to: .known(.int(frontStatus), Provenance(kind: "test", source: "test")))
    return GuidedSession(catalog: catalog, symptom: "s", facts: facts)
  }

  @Test func aQuestionNoAnswerOfWhichChangesTheOutcomeIsNotAsked() throws {
    let asked = try session(frontStatus: 503).nextQuestion()
    #expect(asked.map { $0.text } == "Deploying?", "the cheap count question changes nothing and is skipped")
  }

  @Test func aHealthyStackIsAskedNothingThatCannotMakeItUnhealthy() throws {
    var guided = try session(frontStatus: 503)
    let deploying = try #require(guided.nextQuestion())
    guided.answer(deploying, with: .bool(false))
    #expect(guided.nextQuestion() == nil)
  }
}
