import Foundation
import Testing
import TriageCore
import TriageReports

/// The text report ends on the conclusion, wrapped to the terminal, locations only when verbose.
@Suite struct ConclusionTests {
  @Test func theLastLinesAreTheVerdictTheProofAndAFixCommand() throws {
    let text = TextReporter.render(
      try ReportSnapshotTests.diagnosis(), metadata: ReportSnapshotTests.metadata,
      style: TextStyle(color: false, width: 80))
    let last = text.split(separator: "\n").suffix(6).map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ")
    #expect(last.contains("Conclusion: PROBLEM — Database connections exhausted [db-exhaustion]"), "\(last)")
    #expect(last.contains("Proof: db.active = 97"))
    #expect(last.contains("$ psql -c"))
    // Paragraphs wrap; only commands to paste (kept whole) and fact lines may run past the width.
    let wrapped = text.split(separator: "\n").filter {
      !$0.trimmingCharacters(in: .whitespaces).hasPrefix("$ ") && !$0.contains(" ← ")
    }
    #expect(wrapped.allSatisfy { $0.count <= 80 }, "\(wrapped.filter { $0.count > 80 })")
  }

  @Test func sourceLocationsOnlyWhenVerbose() throws {
    let diagnosis = try ReportSnapshotTests.diagnosis()
    let plain = TextReporter.render(diagnosis, metadata: ReportSnapshotTests.metadata, style: .plain)
    let verbose = TextReporter.render(
      diagnosis, metadata: ReportSnapshotTests.metadata, style: TextStyle(color: false, verbose: true))
    #expect(!plain.contains("runbook.yaml:"))
    #expect(verbose.contains("when db.active >= db.max"))
    #expect(verbose.contains("runbook.yaml:16:9"))
  }

  @Test func aRuleIsPrintedOnceEvenWhenAMechanismSharesIt() throws {
    let text = TextReporter.render(
      try ReportSnapshotTests.diagnosis(), metadata: ReportSnapshotTests.metadata, style: .plain)
    let rules = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      $0.hasPrefix("rule ")
    }
    #expect(Set(rules).count == rules.count, "\(rules)")
  }
}
