import Testing
import TriageCEL

@testable import TriageCore

/// The engine evaluates the conditions of rules that do not depend on each other together, on
/// every core; what it concludes must be what evaluating them one at a time concludes.
@Suite struct ConditionBlocksTests {
  /// Enough independent rules in each stage to be evaluated on every core: stage one derives
  /// `x<i>` from base facts, stage two `y<i>` from two of stage one's facts, stage three
  /// concludes `c` from three of them and `all` from every one; `z` is derived by an early and a late rule (the early one
  /// fires first and wins), and a rule after them reads `z`.
  static let width = 1_500
  static let certainties = [0.3, 0.4, 0.5]

  static var runbook: String {
    var lines = [
      "version: 1", "symptoms:", "  - {id: s, title: S, detect: \"b0 >= 0\"}", "facts:",
    ]
    for index in 0..<width { lines.append("  b\(index): int") }
    lines += ["  z: int", "rules:"]
    lines.append("  - {id: early, when: \"b0 >= 0\", derive: {z: \"1\"}}")
    for index in 0..<width { lines.append("  - {id: a\(index), when: \"b\(index) % 3 != 0\", derive: x\(index)}") }
    for index in 0..<width {
      lines.append("  - {id: m\(index), when: \"x\(index) || x\((index + 1) % width)\", derive: y\(index)}")
    }
    lines.append("  - {id: late, when: \"y5\", derive: {z: \"2\"}}")
    for (index, certainty) in certainties.enumerated() {
      lines.append("  - {id: k\(index), when: \"y\(index * 500)\", conclude: c, certainty: \(certainty)}")
    }
    for index in 0..<width { lines.append("  - {id: n\(index), when: \"y\(index)\", conclude: all, certainty: 0.1}") }
    lines.append("  - {id: reads-z, when: \"z == 1\", conclude: zc, certainty: 0.5}")
    lines += [
      "causes:", "  - {id: c, title: C, explains: [s]}", "  - {id: all, title: All, explains: [s]}",
      "  - {id: zc, title: Z, explains: [s]}",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  static func facts() -> [String: CELValue] {
    var facts: [String: CELValue] = [:]
    for index in 0..<width { facts["b\(index)"] = .int(Int64(index)) }
    return facts
  }

  @Test func noBlockHoldsARuleAndADeriverOfWhatItReads() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let blocks = ConditionBlocks(needed: Array(repeating: true, count: catalog.rules.count), catalog: catalog).blocks
    #expect(blocks.flatMap { $0 } == Array(catalog.rules.indices))
    for block in blocks {
      let members = Set(block)
      for rule in block {
        for fact in catalog.factsReadByRule[rule] {
          let inside = catalog.rulesDerivingFact[fact].filter { members.contains($0) }
          #expect(inside.isEmpty, "rule \(catalog.rules[rule].id) shares a block with a rule deriving what it reads")
        }
      }
    }
    // The stages are large blocks, so their conditions are evaluated on every core.
    #expect(blocks.count <= 8)
    #expect(blocks.contains { $0.count >= ConditionBlocks.parallelMinimum })
  }

  /// Fewer needed rules than a block evaluated together holds are not cut: they are evaluated
  /// one at a time, as before (the engine tests check what they conclude).
  @Test func aSmallCatalogIsOneBlock() throws {
    let catalog = try CatalogFixture.catalog(EngineTests.runbook)
    let needed = Array(repeating: true, count: catalog.rules.count)
    #expect(ConditionBlocks(needed: needed, catalog: catalog).blocks.map(Array.init) == [Array(catalog.rules.indices)])
  }

  @Test func conclusionsAreThoseOfOneRuleAtATime() throws {
    let catalog = try CatalogFixture.catalog(Self.runbook)
    let diagnosis = CatalogFixture.diagnose(catalog, "s", facts: Self.facts())
    // y<i> holds unless both x<i> and x<i+1> fail, which never happens for consecutive indexes
    // (b % 3 == 0 for only one of them): every k<i> fires, combined in rule order. (Evaluated
    // before stage one had derived the x<i>, the y<i> would be unknown and nothing concluded.)
    let expected = Self.certainties.reduce(0.0, CertaintyFactor.combine)
    let cause = try #require(diagnosis.causes.first { $0.id == "c" })
    #expect(cause.certainty == expected)
    #expect(diagnosis.rulesEvaluated == catalog.rules.count)
    // `early` fired before `late`: z is 1, so `reads-z` concludes.
    #expect(diagnosis.causes.contains { $0.id == "zc" })
  }
}
