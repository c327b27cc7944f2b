import Testing
import TriageCEL
import TriageCore

@testable import TriageProbes

@Suite struct ParameterSubstitutionTests {
  private func argv(_ elements: [String]) -> CELValue { .list(elements.map(CELValue.string)) }

  @Test func aWholePlaceholderThatBecomesAnOptionIsRefused() {
    let written = argv(["stat", "-f", "${input.path}"])
    guard case .list(let w) = written, case .list(let f) = argv(["stat", "-f", "--help"]) else { return }
    #expect(ParameterSubstitution.optionInjection(written: w, filled: f) != nil)
  }

  @Test func afterDoubleDashItIsAnOperand() {
    guard case .list(let w) = argv(["stat", "--", "${input.path}"]), case .list(let f) = argv(["stat", "--", "--help"])
    else { return }
    #expect(ParameterSubstitution.optionInjection(written: w, filled: f) == nil)
  }

  @Test func aPlaceholderInsideAnArgumentMayStartWithADashItself() {
    guard case .list(let w) = argv(["grep", "-e${input.pattern}", "f"]),
      case .list(let f) = argv(["grep", "-e-x", "f"])
    else { return }
    #expect(ParameterSubstitution.optionInjection(written: w, filled: f) == nil)
  }

  @Test func urlsWithSpacesOrControlCharactersAreNotURLs() {
    #expect(HTTPClient.URLParts("http://127.0.0.1:8000/health/") != nil)
    #expect(HTTPClient.URLParts("http://127.0.0.1:8000/h\r\nDELETE /x HTTP/1.1") == nil)
    #expect(HTTPClient.URLParts("http://127.0.0.1:8000/a b") == nil)
  }
}
