import Foundation
import Testing
import TriageCore

@testable import TriageServer

/// The health body: a stale result is never healthy, whatever its verdict said.
@Suite struct HealthAnswerTests {
  static func json(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func aStaleResultIsNeverHealthy() throws {
    let outcome = AuditSchedulerTests.outcome
    let fresh = try Self.json(HealthAnswer.body(outcome, stale: false))
    let stale = try Self.json(HealthAnswer.body(outcome, stale: true))
    #expect(fresh["healthy"] as? Bool == outcome.isHealthy)
    #expect(fresh["stale"] as? Bool == false)
    #expect(stale["healthy"] as? Bool == false)
    #expect(stale["stale"] as? Bool == true)
    #expect(stale["status"] as? String == outcome.diagnosis.status.rawValue, "the verdict is still reported")
  }

  @Test func theBodyNamesTheFailingItemsAndTheAge() throws {
    let outcome = AuditSchedulerTests.outcome
    let body = try Self.json(HealthAnswer.body(outcome, stale: false))
    let failing = try #require(body["failing"] as? [[String: Any]])
    let expected = outcome.diagnosis.checklist.filter { $0.outcome == .fail || $0.outcome == .unknown }.map(\.id)
    #expect(failing.compactMap { $0["id"] as? String } == expected)
    #expect(body["age_seconds"] as? Double != nil)
    #expect(body["symptom"] as? String == outcome.diagnosis.symptomID)
  }
}
