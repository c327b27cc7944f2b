import Testing
import TriageCEL
import TriageCore

/// Fix steps rendered from the inputs and facts in force: `when` keeps or drops a step, technology
/// files add their own steps first, placeholders are filled.
@Suite struct RemediationTests {
  static let runbook = """
    version: 1
    symptoms:
      - id: s
        title: S
        detect: "front.status == 503"
        inputs:
          - {name: service, type: string, default: ""}
          - {name: app_port, type: int, default: 8000}
    facts: {front.status: int, host.systemd: bool, cache.ping: bool}
    rules:
      - {id: down, when: "front.status == 503", conclude: app-down, certainty: 0.8}
    causes:
      - id: app-down
        title: The application is down
        explains: [s]
        remediation:
          - step: Ask it directly.
            when: input.app_port > 0
            commands: ["curl -v http://127.0.0.1:${input.app_port}/health"]
          - step: Its unit.
            when: input.service != '' && host.systemd
            commands: ["sudo systemctl status ${input.service}"]
          - step: No unit here.
            when: input.service == '' || !host.systemd
          - step: The cache, where there is one.
            when: "!cache.ping"
          - Always shown.
    remediation:
      - cause: app-down
        step: A technology's own step comes first.
        commands: ["tech-tool --port ${input.app_port}"]
    """

  private func steps(_ facts: [String: CELValue], unknown: [String] = [], notApplicable: [String] = []) throws
    -> [String]
  {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(
      catalog, "s", facts: ["front.status": .int(503)].merging(facts) { $1 }, unknown: unknown,
      notApplicable: notApplicable)
    let cause = try #require(diagnosis.causes.first)
    return cause.remediation.map { ([$0.text] + $0.commands).joined(separator: " | ") }
  }

  @Test func stepsFollowTheInputsAndTheHost() throws {
    let withUnit = try steps(
      ["input.service": .string("web"), "input.app_port": .int(46000), "host.systemd": .bool(true)],
      notApplicable: ["cache.ping"])
    #expect(
      withUnit == [
        "A technology's own step comes first. | tech-tool --port 46000",
        "Ask it directly. | curl -v http://127.0.0.1:46000/health",
        "Its unit. | sudo systemctl status web",
        "Always shown.",
      ])
    let noSystemd = try steps(
      [
        "input.service": .string("web"), "input.app_port": .int(0), "host.systemd": .bool(false),
        "cache.ping": .bool(false),
      ])
    #expect(
      noSystemd == [
        "A technology's own step comes first. | tech-tool --port 0", "No unit here.",
        "The cache, where there is one.", "Always shown.",
      ])
  }

  @Test func anUnknownConditionKeepsTheStepAndAnUnknownPlaceholderStaysAsWritten() throws {
    let shown = try steps(["input.service": .string("web")], unknown: ["host.systemd", "cache.ping"])
    #expect(shown.contains("Its unit. | sudo systemctl status web"))
    #expect(shown.contains("No unit here."))
    #expect(shown.contains("The cache, where there is one."))
  }

  @Test func aStepForACauseNoFileDefinesIsAnErrorAtItsCause() {
    let diagnostics = CatalogFixture.diagnostics(
      """
      version: 1
      symptoms: [{id: s, title: S}]
      causes: [{id: c, title: C, explains: [s]}]
      remediation:
        - {cause: nope, step: Something.}
        - {cause: c, step: Fine., when: "1 +"}
      """)
    #expect(diagnostics.contains { $0.contains("test.yaml:5:13: error: remediation for unknown cause 'nope'") })
    #expect(diagnostics.contains { $0.contains("test.yaml:6:") && $0.contains("error") }, "\(diagnostics)")
  }
}
