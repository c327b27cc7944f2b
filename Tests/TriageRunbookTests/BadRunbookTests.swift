import Foundation
import Testing
import TriageCore
import TriageRunbook

/// A malformed runbook fixture and the diagnostics it must produce.
///
/// Each fixture states its expectations in comments: `# expect: 7:5: error: message` (in a
/// directory fixture, `# expect: other.yaml:7:5: error: message`). The expectations are written
/// from the fixture, by reading it, not copied from the tool's output.
struct BadRunbook: Sendable, CustomStringConvertible {
  let name: String
  let path: String
  let expected: [String]

  var description: String { name }

  static func all() -> [BadRunbook] {
    FixtureDirectory.entries("bad").map { name in
      let path = FixtureDirectory.root.appendingPathComponent("bad").appendingPathComponent(name).path
      var expected: [String] = []
      for file in files(at: path) {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let base = URL(fileURLWithPath: file).lastPathComponent
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
          guard let range = line.range(of: "# expect: ") else { continue }
          let expectation = String(line[range.upperBound...])
          expected.append(expectation.first?.isNumber == true ? "\(base):\(expectation)" : expectation)
        }
      }
      return BadRunbook(name: name, path: path, expected: expected.sorted())
    }
  }

  static func files(at path: String) -> [String] {
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    guard isDirectory.boolValue else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path + "/" + $0 }
  }
}

@Suite struct BadRunbookTests {
  static let fixtures = BadRunbook.all()

  @Test func thereAreAtLeastThirtyFixtures() {
    #expect(Self.fixtures.count >= 30)
  }

  @Test(arguments: fixtures) func reportsExactDiagnostics(_ fixture: BadRunbook) {
    #expect(!fixture.expected.isEmpty, "fixture \(fixture.name) states no '# expect:' line")
    let result = RunbookLoader().load(paths: [fixture.path])
    guard case .failure(let errors) = result else {
      Issue.record("fixture \(fixture.name) loaded without errors")
      return
    }
    let prefix =
      (fixture.path.hasSuffix(".yaml") || fixture.path.hasSuffix(".yml"))
      ? URL(fileURLWithPath: fixture.path).deletingLastPathComponent().path + "/" : fixture.path + "/"
    let shown = RunbookLoader.displayPath(prefix) + "/"
    let actual = errors.diagnostics.map {
      $0.description.replacingOccurrences(of: prefix, with: "").replacingOccurrences(of: shown, with: "")
    }.sorted()
    #expect(actual == fixture.expected, "fixture \(fixture.name)")
  }

  @Test func fileTooLargeIsReported() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("triage-large-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("big.yaml")
    try String(repeating: "# padding\n", count: 200).write(to: file, atomically: true, encoding: .utf8)
    var loader = RunbookLoader()
    loader.maximumFileSize = 1000
    guard case .failure(let errors) = loader.load(paths: [file.path]) else {
      Issue.record("a file over the limit loaded")
      return
    }
    #expect(
      errors.diagnostics.map(\.description) == [
        "\(RunbookLoader.displayPath(file.path)):1:1: error: file is too large (2000 bytes; the limit is 1000)"
      ])
  }
}
