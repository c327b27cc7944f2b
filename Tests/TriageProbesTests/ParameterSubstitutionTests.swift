import Testing
import TriageCEL
import TriageCore

@testable import TriageProbes

@Suite struct ParameterSubstitutionTests {
  private func argv(_ elements: [String]) -> [CELValue] { elements.map(CELValue.string) }

  @Test func aWholePlaceholderThatBecomesAnOptionIsRefused() {
    let written = argv(["stat", "-f", "${input.path}"])
    #expect(ParameterSubstitution.optionInjection(written: written, filled: argv(["stat", "-f", "--help"])) != nil)
  }

  @Test func afterDoubleDashItIsAnOperand() {
    let written = argv(["stat", "--", "${input.path}"])
    #expect(ParameterSubstitution.optionInjection(written: written, filled: argv(["stat", "--", "--help"])) == nil)
  }

  @Test func aPlaceholderInsideAnArgumentMayStartWithADashItself() {
    let written = argv(["grep", "-e${input.pattern}", "f"])
    #expect(ParameterSubstitution.optionInjection(written: written, filled: argv(["grep", "-e-x", "f"])) == nil)
  }

  @Test func urlsWithSpacesOrControlCharactersAreNotURLs() {
    #expect(HTTPClient.URLParts("http://127.0.0.1:8000/health/") != nil)
    #expect(HTTPClient.URLParts("http://127.0.0.1:8000/h\r\nDELETE /x HTTP/1.1") == nil)
    #expect(HTTPClient.URLParts("http://127.0.0.1:8000/a b") == nil)
  }
}
