import Testing
import TriageCEL
import TriageCore
import TriageRunbook

@Suite struct YAMLReaderTests {
  @Test func keepsLinesAndColumns() throws {
    let root = try #require(try YAMLReader.read("a:\n  b: [1, 'x']\n", file: "f.yaml"))
    let inner = try #require(root.mapping?.first?.value.mapping?.first)
    #expect(inner.key.location.description == "f.yaml:2:3")
    #expect(inner.value.sequence?[1].contentLocation.description == "f.yaml:2:11")
  }

  @Test func blockScalarContentStartsOnItsFirstLine() throws {
    let root = try #require(try YAMLReader.read("when: |\n    a &&\n    b\n", file: "f.yaml"))
    #expect(root.mapping?.first?.value.contentLocation.description == "f.yaml:2:5")
  }

  @Test func aliasBombIsRefused() {
    var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...8 {
      let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
      yaml += "a\(level): &a\(level) [\(refs)]\n"
    }
    #expect(throws: YAMLError.self) { try YAMLReader.read(yaml, file: "bomb.yaml") }
  }

  @Test func deepNestingIsRefused() {
    let yaml = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
    #expect(throws: YAMLError.self) { try YAMLReader.read(yaml, file: "deep.yaml") }
  }
}
