import Foundation
import Testing

/// A team extends the bundled catalog from its own directory — no Swift touched.
@Suite struct TeamCatalogTests {
  @Test func addsACauseAndRuleAndDisablesABundledRule() throws {
    let directory = try TriageBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let facts = directory.appendingPathComponent("facts.json")
    try """
    {"format": "triage-facts/1", "facts": {"team.feature_flag_kill_switch": true}}
    """.write(to: facts, atomically: true, encoding: .utf8)
    let runbook = directory.appendingPathComponent("team.yaml")
    try """
    version: 1
    symptom: http-503
    facts:
      team.feature_flag_kill_switch: {type: bool, description: The kill switch answers 503 on purpose}
    causes:
      - id: team-kill-switch
        title: The team's kill switch is on
        explains: [http-503]
        remediation:
          - step: Turn the kill switch off
            commands: ["flagctl set kill_switch off"]
    rules:
      - id: team-kill-switch-on
        when: team.feature_flag_kill_switch
        conclude: team-kill-switch
        certainty: 0.95
        because: The kill switch makes the app answer 503 on purpose.
    examples:
      - name: kill switch on
        facts: {team.feature_flag_kill_switch: true}
        expect: {root_cause: team-kill-switch}
    """.write(to: runbook, atomically: true, encoding: .utf8)

    let before = try TriageBinary.run(["audit", "http-503", "--facts", facts.path, "--runbooks", directory.path])
    #expect(before.status == 1, "\(before.stderr)")
    #expect(before.stdout.contains("[team-kill-switch]"))

    let viaEnvironment = try TriageBinary.run(
      ["audit", "http-503", "--facts", facts.path], environment: ["TRIAGE_RUNBOOKS": directory.path])
    #expect(viaEnvironment.stdout == before.stdout)

    let tested = try TriageBinary.run(["test", directory.path])
    #expect(tested.stdout.contains("1 passed, 0 failed"), "\(tested.stdout)\(tested.stderr)")

    let disabling = directory.appendingPathComponent("zz-disable.yaml")
    try "version: 1\ndisable:\n  rules: [team-kill-switch-on]\n".write(to: disabling, atomically: true, encoding: .utf8)
    let after = try TriageBinary.run(["audit", "http-503", "--facts", facts.path, "--runbooks", directory.path])
    #expect(!after.stdout.contains("[team-kill-switch]"), "the disabled rule still concluded its cause")
  }

  @Test func disablingABundledRuleChangesTheDiagnosis() throws {
    let factsFile = TriageBinary.packageRoot.appendingPathComponent("runbooks/http-503/facts/app-not-started.json")
    let baseline = try TriageBinary.run(["audit", "http-503", "--facts", factsFile.path, "--format", "json"])
    let json = try JSONSerialization.jsonObject(with: Data(baseline.stdout.utf8)) as? [String: Any] ?? [:]
    let first = (json["causes"] as? [[String: Any]])?.first
    let rules = (first?["evidence"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
    try #require(!rules.isEmpty)

    let directory = try TriageBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "version: 1\ndisable:\n  rules: [\(rules.joined(separator: ", "))]\n".write(
      to: directory.appendingPathComponent("off.yaml"), atomically: true, encoding: .utf8)
    let changed = try TriageBinary.run([
      "audit", "http-503", "--facts", factsFile.path, "--format", "json", "--runbooks", directory.path,
    ])
    let after = try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: Any] ?? [:]
    let ids = (after["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    #expect(ids.first != "app-not-started")
  }
}
