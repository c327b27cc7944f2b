import Foundation
import Testing

@Suite struct CLITests {
  @Test func versionPrints() throws {
    let output = try TriageBinary.run(["--version"])
    #expect(output.status == 0)
    #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
  }

  @Test func validateBundledRunbooksIsClean() throws {
    let output = try TriageBinary.run(["validate", "runbooks"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.hasPrefix("ok: "))
  }

  @Test func bundledRunbooksAreFoundFromAnyDirectory() throws {
    let output = try TriageBinary.run(["validate"], directory: URL(fileURLWithPath: "/"))
    #expect(output.status == 0, "\(output.stderr)")
  }

  @Test func testCommandRunsBundledExamples() throws {
    let output = try TriageBinary.run(["test", "runbooks"])
    #expect(output.status == 0, "\(output.stdout)")
    #expect(output.stdout.contains(" passed, 0 failed"))
  }

  @Test func invalidRunbookExitsSixtyFive() throws {
    let directory = try TriageBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "version: 1\nrules:\n  - id: r\n    wen: true\n".write(
      to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    let output = try TriageBinary.run(["validate", "--no-bundled", directory.path])
    #expect(output.status == 65)
    #expect(output.stderr.contains("bad.yaml:4:5: error: unknown key 'wen' in rule; did you mean 'when'?"))
    #expect(output.stderr.contains("bad.yaml:3:5: error: rule is missing required key 'when'"))
  }

  @Test func unknownSymptomIsAUsageError() throws {
    let output = try TriageBinary.run(["audit", "no-such-symptom", "--facts", "runbooks/http-503/facts/healthy.json"])
    #expect(output.status == 64)
    #expect(output.stderr.contains("unknown symptom 'no-such-symptom'"))
  }

  @Test func evalPrintsValueAndType() throws {
    let output = try TriageBinary.run(["eval", "1 + 2 * 3"])
    #expect(output.status == 0)
    #expect(output.stdout == "7 (int)\n")
  }

  @Test func evalReadsFactsAndReportsUnknowns() throws {
    let directory = try TriageBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("facts.yaml")
    try """
    format: triage-facts/1
    facts:
      db.active: 97
      db.max: 100
      cache.ping: {unknown: connection refused}
    """.write(to: file, atomically: true, encoding: .utf8)
    let value = try TriageBinary.run(["eval", "double(db.active) >= double(db.max) * 0.99", "--facts", file.path])
    #expect(value.stdout == "false (bool)\n")
    let unknown = try TriageBinary.run(["eval", "cache.ping && db.active > 0", "--facts", file.path])
    #expect(unknown.status == 2)
    #expect(unknown.stdout == "unknown: needs cache.ping (connection refused)\n")
    let absorbed = try TriageBinary.run(["eval", "cache.ping || db.active > 0", "--facts", file.path])
    #expect(absorbed.stdout == "true (bool)\n")
    let undeclared = try TriageBinary.run(["eval", "nope > 1", "--facts", file.path])
    #expect(undeclared.status == 65)
    #expect(undeclared.stderr.contains("undeclared reference to 'nope'"))
  }
}

@Suite struct GraphAndListTests {
  @Test func graphDrawsMermaidAndDot() throws {
    let mermaid = try TriageBinary.run(["graph", "http-503"])
    #expect(mermaid.status == 0)
    #expect(mermaid.stdout.hasPrefix("flowchart LR\n"))
    #expect(mermaid.stdout.contains("cause_db_connection_exhaustion"))
    let dot = try TriageBinary.run(["graph", "http-503", "--format", "dot"])
    #expect(dot.stdout.hasPrefix("digraph triage {"))
    #expect(dot.stdout.hasSuffix("}\n"))
  }

  @Test func listShowsWhereThingsAreDefined() throws {
    let output = try TriageBinary.run(["list", "causes"])
    #expect(output.status == 0)
    #expect(output.stdout.contains("db-connection-exhaustion"))
    #expect(output.stdout.contains("causes.yaml:"))
  }
}
