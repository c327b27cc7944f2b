import Foundation
import Testing
import TriageCEL
import TriageCore
import TriageRunbook

/// Probe fixtures in examples: `triage test` runs a probe's `yields` over a recorded result, so
/// a `yields` that reads a field the result does not have fails before any incident.
@Suite struct ProbeFixtureTests {
  private func runbook(yield: String) -> String {
    """
    version: 1
    symptoms:
      - id: web-down
        title: The web site is down
        inputs:
          - {name: url, type: string, default: "http://127.0.0.1:8080/"}
    probes:
      - id: front
        kind: command
        with: {argv: [curl, "${input.url}"]}
        yields:
          front.exit: \(yield)
    facts:
      front.exit: {type: int, description: The command's exit code}
    rules:
      - {id: curl-failed, when: front.exit != 0, conclude: front-down}
    causes:
      - {id: front-down, title: The front is down, explains: [web-down]}
    examples:
      - name: curl cannot connect
        symptom: web-down
        probes:
          front: {exit_code: 7, stdout: "", stderr: "Failed to connect"}
        expect:
          root_cause: front-down
    """
  }

  @Test func theYieldsRunOverTheFixture() throws {
    let catalog = try CatalogFixture.catalog(runbook(yield: "result.exit_code"))
    let result = ExampleRunner(catalog: catalog).run(try #require(catalog.examples.first))
    #expect(result.passed, "\(result.failures)")
    #expect(result.diagnosis.causes.first?.id == "front-down")
  }

  @Test func aMisspeltResultFieldFailsTheExample() throws {
    let catalog = try CatalogFixture.catalog(runbook(yield: "result.exit_cod"))
    let result = ExampleRunner(catalog: catalog).run(try #require(catalog.examples.first))
    #expect(!result.passed)
    #expect(result.failures.first?.contains("front.exit from the fixture") == true, "\(result.failures)")
  }

  @Test func aFixtureForAnUnknownProbeIsALoadError() {
    let text = runbook(yield: "result.exit_code").replacingOccurrences(
      of: "front: {exit_code", with: "frnt: {exit_code")
    let diagnostics = CatalogFixture.diagnostics(text)
    #expect(diagnostics.contains { $0.contains("gives a result for unknown probe 'frnt'") }, "\(diagnostics)")
  }

  /// A loader that knows the `command` kind's result fields.
  private var typedLoader: RunbookLoader {
    let fields: [String: CELType] = ["exit_code": .int, "stdout": .string, "stderr": .string, "parsed": .dyn]
    return RunbookLoader(
      probeSignatures: ["command": ProbeSignature(parameters: ["argv"], required: ["argv"], resultFields: fields)])
  }

  @Test func aMisspeltResultFieldIsALoadErrorWithASuggestion() {
    let diagnostics = CatalogFixture.diagnostics(runbook(yield: "result.exit_cod"), loader: typedLoader)
    #expect(
      diagnostics.contains { $0.contains("12:19: error: result has no field 'exit_cod'; did you mean 'exit_code'?") },
      "\(diagnostics)")
  }

  @Test func aPresenceTestOfAMisspeltFieldIsALoadErrorToo() {
    let diagnostics = CatalogFixture.diagnostics(
      runbook(yield: "\"has(result.parsd) ? 1 : 0\""), loader: typedLoader)
    #expect(diagnostics.contains { $0.contains("no field 'parsd'; did you mean 'parsed'?") }, "\(diagnostics)")
  }

  @Test func aResultFieldHasItsDeclaredType() {
    let diagnostics = CatalogFixture.diagnostics(runbook(yield: "result.stdout + 1"), loader: typedLoader)
    #expect(diagnostics.contains { $0.contains("12:") && $0.contains("error:") }, "\(diagnostics)")
    #expect(CatalogFixture.diagnostics(runbook(yield: "result.exit_code"), loader: typedLoader).isEmpty)
  }
}
