import Foundation
import Synchronization
import Testing
import TriageCore
import TriageReports
import TriageRunbook
import TriageServer

/// The scheduler's promises, with an audit double that counts its calls (the live server is
/// tested against the lab by Tests/serve/run.py): concurrent requests share one audit, audits
/// start no closer than the minimum interval, and a failed audit keeps the last good result.
@Suite struct AuditSchedulerTests {
  /// A real diagnosis of the report tests' fixture runbook, for the double to hand back.
  static let outcome: AuditOutcome = {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../TriageReportsTests/Fixtures/runbook.yaml").standardized.path
    let catalog = try! RunbookLoader().load(paths: [fixtures]).get()
    let diagnosis = Engine(catalog: catalog).diagnose(symptom: "web-503", facts: FactStore(catalog: catalog))
    return AuditOutcome(diagnosis: diagnosis, metadata: ReportMetadata(triageVersion: "0.0.0-test"))
  }()

  /// An audit that takes `duration` and succeeds while `failing` is false.
  final class CountingAudit: Sendable {
    let calls = Mutex(0)
    let failing = Mutex(false)
    let duration: Duration

    init(taking duration: Duration) { self.duration = duration }

    func run() async -> AuditOutcome? {
      calls.withLock { $0 += 1 }
      try? await Task.sleep(for: duration)
      return failing.withLock { $0 } ? nil : AuditSchedulerTests.outcome
    }
  }

  static func scheduler(_ audit: CountingAudit, minimumInterval: Duration) -> AuditScheduler {
    AuditScheduler(minimumInterval: minimumInterval, log: JSONLineLog { _ in }) { await audit.run() }
  }

  @Test func concurrentRequestsShareTheFirstAudit() async {
    let audit = CountingAudit(taking: .milliseconds(200))
    let scheduler = Self.scheduler(audit, minimumInterval: .seconds(60))
    let answers = await withTaskGroup(of: Int.self) { group in
      for _ in 0..<200 { group.addTask { await scheduler.answer()?.sequence ?? -1 } }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(audit.calls.withLock { $0 } == 1)
    #expect(Set(answers) == [1], "every request got the one audit's result")
  }

  @Test func noAuditStartsWithinTheMinimumInterval() async {
    let audit = CountingAudit(taking: .milliseconds(10))
    let scheduler = Self.scheduler(audit, minimumInterval: .seconds(60))
    _ = await scheduler.answer()
    for _ in 0..<50 { _ = await scheduler.answer() }
    _ = await scheduler.refreshed(trigger: "test")
    #expect(audit.calls.withLock { $0 } == 1, "within the minimum interval the last result is served")
  }

  @Test func aStaleResultAnswersAtOnceWhileTheNextAuditRuns() async throws {
    let audit = CountingAudit(taking: .milliseconds(10))
    let scheduler = Self.scheduler(audit, minimumInterval: .milliseconds(50))
    _ = await scheduler.answer()
    try await Task.sleep(for: .milliseconds(60))
    let stale = await scheduler.answer()
    #expect(stale?.sequence == 1, "the last result answers; the next audit starts behind it")
    // Polled, not timed: a loaded machine may take a while to run the background audit.
    var latest = stale?.sequence ?? 0
    for _ in 0..<500 where latest < 2 {
      try await Task.sleep(for: .milliseconds(10))
      latest = await scheduler.answer()?.sequence ?? 0
    }
    #expect(latest >= 2, "the audit the stale answer started replaced it")
  }

  @Test func aFailingFirstAuditIsRetriedNoSoonerThanTheMinimumInterval() async {
    let audit = CountingAudit(taking: .milliseconds(1))
    audit.failing.withLock { $0 = true }
    let scheduler = Self.scheduler(audit, minimumInterval: .seconds(60))
    for _ in 0..<20 { #expect(await scheduler.answer() == nil) }
    #expect(audit.calls.withLock { $0 } == 1, "a broken setup does not become an audit per request")
  }

  @Test func aFailedAuditKeepsTheLastGoodResult() async throws {
    let audit = CountingAudit(taking: .milliseconds(5))
    let scheduler = Self.scheduler(audit, minimumInterval: .milliseconds(20))
    #expect(await scheduler.answer()?.sequence == 1)
    audit.failing.withLock { $0 = true }
    try await Task.sleep(for: .milliseconds(30))
    let kept = await scheduler.refreshed(trigger: "test")
    #expect(audit.calls.withLock { $0 } == 2)
    #expect(kept?.sequence == 1, "the failed audit did not replace the good one")
  }
}
