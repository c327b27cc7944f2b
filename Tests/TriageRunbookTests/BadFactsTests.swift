import Foundation
import Testing
import TriageCore
import TriageRunbook

/// A malformed or hostile facts file and the diagnostics it must produce.
///
/// A YAML fixture states its expectations in comments, `# expect: 7:5: error: message`; a JSON
/// fixture (JSON has no comments) in a sidecar file `NAME.json.expect`, one `7:5: error: message`
/// a line. The expectations are written from the fixture, by reading it, not copied from the
/// tool's output. Every fixture is checked against the small catalog in `catalog.yaml.txt` (not
/// `.yaml`, so that no runbook directory scan picks it up).
struct BadFacts: Sendable, CustomStringConvertible {
  let name: String
  let path: String
  let expected: [String]

  var description: String { name }

  static let folder = FixtureDirectory.root.appendingPathComponent("bad-facts")
  static let catalogName = "catalog.yaml.txt"

  static func all() -> [BadFacts] {
    FixtureDirectory.entries("bad-facts").filter { $0 != catalogName && !$0.hasSuffix(".expect") }.map { name in
      let path = folder.appendingPathComponent(name).path
      let sidecar = path + ".expect"
      let expectations: [String]
      if FileManager.default.fileExists(atPath: sidecar) {
        expectations = text(sidecar).split(separator: "\n").map(String.init)
      } else {
        expectations = text(path).split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
          line.range(of: "# expect: ").map { String(line[$0.upperBound...]) }
        }
      }
      return BadFacts(name: name, path: path, expected: expectations.map { "\(name):\($0)" }.sorted())
    }
  }

  /// A file's text; bytes that are not UTF-8 (one fixture has them on purpose) read as U+FFFD.
  static func text(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
  }

  /// The catalog the fixtures are checked against.
  static let catalog: Result<Catalog, CatalogErrors> = {
    let path = folder.appendingPathComponent(catalogName).path
    var diagnostics: [Diagnostic] = []
    guard let document = RunbookLoader().decode(text(path), file: path, diagnostics: &diagnostics),
      diagnostics.isEmpty
    else {
      return .failure(CatalogErrors(diagnostics: diagnostics))
    }
    var builder = CatalogBuilder()
    return builder.build([document])
  }()
}

@Suite struct BadFactsTests {
  static let fixtures = BadFacts.all()

  @Test func thereAreAtLeastTwentyFixtures() {
    #expect(Self.fixtures.count >= 20)
  }

  @Test func theCatalogLoads() throws {
    let catalog = try BadFacts.catalog.get()
    #expect(catalog.fact(named: "site.ok")?.provider == .derived)
  }

  @Test(arguments: fixtures) func reportsExactDiagnostics(_ fixture: BadFacts) throws {
    #expect(!fixture.expected.isEmpty, "fixture \(fixture.name) states no expectation")
    let catalog = try BadFacts.catalog.get()
    guard case .failure(let errors) = FactsFile.read(fixture.path, catalog: catalog) else {
      Issue.record("fixture \(fixture.name) was read without errors")
      return
    }
    let prefix = BadFacts.folder.path + "/"
    let actual = errors.diagnostics.map { $0.description.replacingOccurrences(of: prefix, with: "") }.sorted()
    #expect(actual == fixture.expected, "fixture \(fixture.name)")
  }

  /// A scalar over the 1 MiB limit; generated, to keep a megabyte out of the repository.
  @Test func hugeScalarIsReported() throws {
    let catalog = try BadFacts.catalog.get()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("triage-facts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("huge.yaml")
    let text = "format: triage-facts/1\nfacts:\n  site.note: " + String(repeating: "a", count: (1 << 20) + 1) + "\n"
    try text.write(to: file, atomically: true, encoding: .utf8)
    guard case .failure(let errors) = FactsFile.read(file.path, catalog: catalog) else {
      Issue.record("a scalar over the limit was read")
      return
    }
    #expect(
      errors.diagnostics.map(\.description) == [
        "\(file.path):3:14: error: scalar is longer than 1048576 bytes"
      ])
  }
}
