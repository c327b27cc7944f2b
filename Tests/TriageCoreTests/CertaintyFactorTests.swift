import Testing
import TriageCore

@Suite struct CertaintyFactorTests {
  @Test(arguments: [
    (0.6, 0.5, 0.8), (-0.6, -0.5, -0.8), (0.9, -0.6, 0.75), (1.0, -1.0, 0.0), (0.0, 0.7, 0.7), (0.3, 0.3, 0.51),
  ])
  func combinesLikeMycin(_ a: Double, _ b: Double, _ expected: Double) {
    #expect(abs(CertaintyFactor.combine(a, b) - expected) < 1e-9)
  }

  @Test func isCommutativeAndStaysInRange() {
    let values = stride(from: -1.0, through: 1.0, by: 0.125)
    for a in values {
      for b in values {
        let ab = CertaintyFactor.combine(a, b)
        #expect(abs(ab - CertaintyFactor.combine(b, a)) < 1e-12)
        #expect((-1...1).contains(ab))
      }
    }
  }
}
