import Foundation
import Testing
import TriageCEL
import TriageCore
import TriageRunbook

/// A technology file brings its own inputs, probes and the rules that derive neutral facts: the
/// symptom's file does not change when a technology is added.
@Suite struct TechnologyFileTests {
  static let symptom = """
    version: 1
    symptoms:
      - id: s
        title: S
        detect: front.status == 503
        inputs:
          - {name: front_url, type: string, default: ""}
    facts:
      front.status: int
      db.down: {type: bool, default: false}
    rules:
      - {id: db-root, when: db.down, conclude: dependency, certainty: 0.8}
    causes:
      - {id: dependency, title: "Dependency down", explains: [s]}
    """

  static let technology = """
    version: 1
    symptom: s
    inputs:
      - {name: thing_url, type: string, default: "", description: The thing's URL.}
    facts:
      thing.up: bool
    rules:
      - {id: thing-down, when: "!thing.up", derive: db.down}
    """

  private func build(_ texts: [(String, String)]) -> Result<Catalog, CatalogErrors> {
    var diagnostics: [Diagnostic] = []
    let documents = texts.compactMap { RunbookLoader().decode($0.1, file: $0.0, diagnostics: &diagnostics) }
    guard diagnostics.isEmpty else { return .failure(CatalogErrors(diagnostics: diagnostics)) }
    var builder = CatalogBuilder()
    return builder.build(documents)
  }

  @Test func aFileAddsInputsToItsSymptom() throws {
    let catalog = try build([("s.yaml", Self.symptom), ("thing.yaml", Self.technology)]).get()
    #expect(catalog.symptom("s")?.inputs.map(\.name) == ["front_url", "thing_url"])
    let diagnosis = CatalogFixture.diagnose(catalog, "s", facts: ["front.status": .int(503), "thing.up": .bool(false)])
    #expect(diagnosis.causes.map(\.id) == ["dependency"])
  }

  @Test func inputsNeedAKnownSymptomAndUniqueNames() {
    let unknown = Self.technology.replacingOccurrences(of: "symptom: s", with: "symptom: nope")
    guard case .failure(let errors) = build([("s.yaml", Self.symptom), ("thing.yaml", unknown)]) else {
      Issue.record("inputs for an unknown symptom were accepted")
      return
    }
    #expect(errors.description.contains("inputs for unknown symptom 'nope'"))
    let twice = Self.technology.replacingOccurrences(of: "thing_url", with: "front_url")
    guard case .failure(let again) = build([("s.yaml", Self.symptom), ("thing.yaml", twice)]) else {
      Issue.record("a second input with one name was accepted")
      return
    }
    #expect(again.description.contains("already has an input 'front_url'"))
  }
}
