import Testing

@testable import TriageCore

@Suite struct DictionaryInsertingIfAbsentTests {
  @Test func anAbsentKeyGetsTheValueGivenAndKeepsIt() {
    var index = ["a": 0]
    #expect(index.value(forKey: "b", insertingIfAbsent: 1) == 1)
    #expect(index == ["a": 0, "b": 1])
  }

  @Test func aPresentKeyKeepsItsValue() {
    var index = ["a": 0]
    #expect(index.value(forKey: "a", insertingIfAbsent: 7) == 0)
    #expect(index == ["a": 0])
  }
}
