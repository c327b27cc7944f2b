import Testing
import TriageCEL
import TriageCore

@Suite struct PlaceholderTemplateTests {
  @Test func findsReferences() {
    #expect(
      PlaceholderTemplate.references(in: "http://${input.host}:${ input.port }/x") == ["input.host", "input.port"])
    #expect(PlaceholderTemplate.references(in: CELValue.list([.string("${a}"), .int(3)])) == ["a"])
  }

  @Test func substitutesEachValueAsOneLiteral() {
    let hostile = "; rm -rf /"
    let result = PlaceholderTemplate.substitute("--name=${input.name}") { $0 == "input.name" ? hostile : nil }
    #expect(result == "--name=; rm -rf /")
    #expect(PlaceholderTemplate.substitute("${missing}") { _ in nil } == nil)
    #expect(PlaceholderTemplate.substitute("no placeholders") { _ in nil } == "no placeholders")
  }
}
