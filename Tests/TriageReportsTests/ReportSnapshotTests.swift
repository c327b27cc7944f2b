import Foundation
import Testing
import TriageCore
import TriageReports
import TriageRunbook

/// Golden files for every report format, rendered from fixed facts.
///
/// Re-record with `RECORD_SNAPSHOTS=1 swift test --filter ReportSnapshotTests`.
@Suite struct ReportSnapshotTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

  static func diagnosis() throws -> Diagnosis {
    let fixtures = directory.appendingPathComponent("Fixtures")
    let catalog = try RunbookLoader().load(paths: [fixtures.appendingPathComponent("runbook.yaml").path]).get()
    var facts = FactStore(catalog: catalog)
    for (id, state) in try FactsFile.read(fixtures.appendingPathComponent("facts.json").path, catalog: catalog).get()
      .facts
    {
      facts[id] = state
    }
    for input in catalog.symptoms[0].inputs {
      if let value = input.defaultValue {
        facts[input.factID] = .known(value, Provenance(kind: "default", source: input.name))
      }
    }
    return Engine(catalog: catalog).diagnose(symptom: "web-503", facts: facts)
  }

  static let metadata = ReportMetadata(
    triageVersion: "0.0.0-test",
    probes: [
      ProbeSummary(id: "front", kind: "http", status: "ok", reason: nil, milliseconds: 12.5),
      ProbeSummary(
        id: "redis-ping", kind: "redis", status: "timed_out", reason: "timed out after 2s", milliseconds: 2000),
    ], durationSeconds: 2.04)

  static let extensions = [
    "text": "txt", "json": "json", "markdown": "md", "junit": "xml", "openmetrics": "prom", "nagios": "txt",
    "html": "html",
  ]

  @Test(arguments: reporters.map { $0.identifier })
  func matchesGoldenFile(_ identifier: String) throws {
    let reporter = try #require(reporterType(named: identifier))
    let rendered = reporter.render(try Self.diagnosis(), metadata: Self.metadata, style: .plain)
      .replacingOccurrences(of: Self.directory.path + "/", with: "")
    let file = Self.directory.appendingPathComponent("Snapshots/\(identifier).\(Self.extensions[identifier] ?? "txt")")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try rendered.write(to: file, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(rendered == expected, "\(identifier) differs from \(file.lastPathComponent); RECORD_SNAPSHOTS=1 re-records")
  }

  @Test(arguments: reporters.map { $0.identifier })
  func neverPrintsTheSecret(_ identifier: String) throws {
    let reporter = try #require(reporterType(named: identifier))
    let rendered = reporter.render(try Self.diagnosis(), metadata: Self.metadata, style: .plain)
    #expect(!rendered.contains("s3cret-pw"))
  }

  @Test func rootCauseIsAboveItsMechanism() throws {
    let diagnosis = try Self.diagnosis()
    #expect(diagnosis.causes.map(\.id) == ["db-exhaustion"])
    #expect(diagnosis.causes.first?.mechanisms.map(\.id) == ["health-failing"])
    #expect(diagnosis.undecided.map(\.id) == ["cache-down"])
  }

  @Test func nagiosStatesFollowTheVerdict() throws {
    #expect(NagiosReporter.state(for: try Self.diagnosis()) == .critical)
  }

  @Test func colourOnlyWhenAsked() throws {
    let diagnosis = try Self.diagnosis()
    #expect(!TextReporter.render(diagnosis, metadata: Self.metadata, style: .plain).contains("\u{1B}["))
    #expect(TextReporter.render(diagnosis, metadata: Self.metadata, style: TextStyle(color: true)).contains("\u{1B}["))
  }
}

/// Two root causes that share a mechanism: every series and test case appears once.
@Suite struct SharedMechanismTests {
  static func diagnosis() throws -> Diagnosis {
    var shared = try ReportSnapshotTests.diagnosis()
    var second = try #require(shared.causes.first)
    second.id = "second-root"
    second.title = "Another root cause"
    shared.causes.append(second)
    return shared
  }

  @Test func openMetricsHasNoDuplicateSeries() throws {
    let text = OpenMetricsReporter.render(try Self.diagnosis(), metadata: ReportSnapshotTests.metadata, style: .plain)
    let samples = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    let series = samples.map { $0.split(separator: " ").dropLast().joined(separator: " ") }
    #expect(Set(series).count == series.count)
    #expect(text.contains("triage_cause_root{symptom=\"web-503\",cause=\"health-failing\"} 0"))
    #expect(text.contains("triage_cause{symptom=\"web-503\",cause=\"health-failing\"} 1"))
  }

  @Test func junitHasUniqueTestCases() throws {
    let xml = JUnitReporter.render(try Self.diagnosis(), metadata: ReportSnapshotTests.metadata, style: .plain)
    let names = xml.components(separatedBy: "<testcase name=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(Set(names).count == names.count)
  }
}
