import Testing
import TriageCEL

@testable import TriageCore

/// The findings of many root causes are assembled on every core; each must still carry its own
/// evidence, in the order of certainty.
@Suite struct ManyRootCausesTests {
  static let count = 3 * EngineRun.parallelFindingsMinimum

  /// Cause `c<i>` is concluded by rule `r<i>`, which reads fact `f<i>`, with a certainty that
  /// grows with `i`.
  static var runbook: String {
    var lines = ["version: 1", "symptoms:", "  - {id: s, title: S}", "facts:"]
    for index in 0..<count { lines.append("  f\(index): int") }
    lines.append("rules:")
    for index in 0..<count {
      lines.append(
        "  - {id: r\(index), when: \"f\(index) == \(index)\", conclude: c\(index), certainty: \(certainty(index))}")
    }
    lines.append("causes:")
    for index in 0..<count { lines.append("  - {id: c\(index), title: C\(index), explains: [s]}") }
    return lines.joined(separator: "\n") + "\n"
  }

  static func certainty(_ index: Int) -> Double { 0.3 + 0.6 * Double(index) / Double(count) }

  @Test func eachFindingCarriesItsOwnEvidenceInOrderOfCertainty() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    var facts: [String: CELValue] = [:]
    for index in 0..<Self.count { facts["f\(index)"] = .int(Int64(index)) }
    let diagnosis = CatalogFixture.diagnose(catalog, "s", facts: facts)
    #expect(diagnosis.causes.map(\.id) == (0..<Self.count).reversed().map { "c\($0)" })
    for finding in diagnosis.causes {
      let index = try #require(Int(finding.id.dropFirst()))
      #expect(finding.evidence.map(\.ruleID) == ["r\(index)"])
      #expect(finding.evidence.first?.facts.map(\.name) == ["f\(index)"])
      #expect(finding.certainty == Self.certainty(index))
    }
  }
}
