import Foundation
import Testing

/// `triage audit --facts`: every bundled facts file names its cause first, deterministically.
@Suite struct AuditReplayTests {
  static let factsDirectory = TriageBinary.packageRoot.appendingPathComponent("runbooks/http-503/facts")

  static var factsFiles: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: factsDirectory.path)) ?? []).filter { $0.hasSuffix(".json") }
      .sorted()
  }

  static func report(_ file: String) throws -> (status: Int32, json: [String: Any]) {
    let output = try TriageBinary.run([
      "audit", "http-503", "--facts", factsDirectory.appendingPathComponent(file).path, "--format", "json",
    ])
    let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
    return (output.status, json)
  }

  @Test func everySeedCauseHasAFactsFile() {
    let expected = [
      "server-overload", "app-not-started", "health-check-failing", "deployment-in-progress",
      "db-connection-exhaustion", "healthy",
    ]
    for name in expected {
      #expect(Self.factsFiles.contains { $0.hasPrefix(name) }, "missing facts file for \(name)")
    }
    #expect(Self.factsFiles.contains { $0.hasPrefix("dependency") || $0.hasPrefix("cache") || $0.hasPrefix("db-down") })
  }

  @Test(arguments: factsFiles) func namesTheCauseFirst(_ file: String) throws {
    let (status, json) = try Self.report(file)
    let stem = String(file.dropLast(".json".count))
    let causes = json["causes"] as? [[String: Any]] ?? []
    #expect(json["version"] as? Int == 1)
    if stem == "healthy" {
      #expect(status == 0)
      #expect(json["status"] as? String == "healthy")
      #expect(causes.isEmpty)
    } else {
      #expect(status == 1, "\(file): exit \(status)")
      #expect(json["status"] as? String == "problem")
      #expect(causes.first?["id"] as? String == stem, "\(file): got \(causes.map { $0["id"] ?? "?" })")
      let certainty = causes.first?["certainty"] as? Double ?? -1
      #expect(certainty > 0 && certainty <= 1)
    }
  }

  @Test func reportsAreByteIdentical() throws {
    guard let file = Self.factsFiles.first else { return }
    let path = Self.factsDirectory.appendingPathComponent(file).path
    for format in ["json", "text"] {
      let first = try TriageBinary.run(["audit", "--facts", path, "--format", format])
      let second = try TriageBinary.run(["audit", "--facts", path, "--format", format])
      #expect(first.stdout == second.stdout)
      #expect(!first.stdout.isEmpty)
    }
  }

  @Test func unknownFactsGiveUndeterminedNeverHealthy() throws {
    let directory = try TriageBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("empty.json")
    try #"{"format": "triage-facts/1", "facts": {}}"#.write(to: file, atomically: true, encoding: .utf8)
    let output = try TriageBinary.run(["audit", "http-503", "--facts", file.path, "--format", "json"])
    #expect(output.status == 2)
    let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
    #expect(json["status"] as? String == "undetermined")
    #expect(!(json["undecided"] as? [Any] ?? []).isEmpty)
  }

  @Test func malformedFactsFileExitsSixtyFive() throws {
    let directory = try TriageBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bad.json")
    try "{\"format\": \"triage-facts/1\",\n \"facts\": {\"no.such.fact\": 1}}".write(
      to: file, atomically: true, encoding: .utf8)
    let output = try TriageBinary.run(["audit", "http-503", "--facts", file.path])
    #expect(output.status == 65)
    #expect(output.stderr.contains("bad.json:2:12: error: unknown fact 'no.such.fact'"))
  }
}
