import TriageCore

/// Runs audits for `triage serve`: on a schedule and on request, never two at once and never
/// two starts closer than the minimum interval, so a scrape storm does not become a probe storm.
///
/// Every caller that arrives while an audit runs shares it. Requests are answered from the last
/// finished audit as soon as there is one; a request that finds it older than the minimum
/// interval starts the next audit in the background (stale while revalidating), so a health
/// check is never held for the length of an audit. Only the very first requests wait, for the
/// first audit. An audit that fails keeps the last good result in place.
public actor AuditScheduler {
  /// Runs one audit (bounded by its own deadline); nil when it could not be run.
  public typealias Audit = @Sendable () async -> AuditOutcome?

  private let audit: Audit
  private let minimumInterval: Duration
  private let log: JSONLineLog
  private var last: AuditOutcome?
  private var running: Task<AuditOutcome?, Never>?
  private var lastStarted: ContinuousClock.Instant?
  private var started = 0

  /// Creates a scheduler; nothing runs until it is asked or `runSchedule` starts.
  public init(minimumInterval: Duration, log: JSONLineLog, audit: @escaping Audit) {
    self.audit = audit
    self.minimumInterval = minimumInterval
    self.log = log
  }

  /// How many audits have been started.
  public var auditsStarted: Int { started }

  /// The result to answer a request with: the last one (starting a refresh when it is due), or,
  /// before any audit has finished, the first audit's result once it finishes.
  public func answer() async -> AuditOutcome? {
    if let last {
      if isDue { _ = start(trigger: "request") }
      return last
    }
    if let running { return await running.value ?? last }
    // No result yet: a failed first audit is retried no sooner than the minimum interval.
    guard isDue else { return nil }
    return await start(trigger: "request").value ?? last
  }

  /// A fresh result: the running audit's, else a new audit's when one is due, else the last.
  public func refreshed(trigger: String) async -> AuditOutcome? {
    if let running { return await running.value ?? last }
    guard isDue else { return last }
    return await start(trigger: trigger).value ?? last
  }

  /// Audits every `interval` (at most as often as the minimum interval allows) until cancelled:
  /// the next scheduled audit is due `interval` after the last start, whoever started it.
  public func runSchedule(every interval: Duration) async {
    while !Task.isCancelled {
      _ = await refreshed(trigger: "schedule")
      let next = (lastStarted ?? .now) + interval
      try? await Task.sleep(until: max(next, .now + .milliseconds(1)), clock: .continuous)
    }
  }

  private var isDue: Bool {
    guard running == nil else { return false }
    guard let lastStarted else { return true }
    return ContinuousClock.now - lastStarted >= minimumInterval
  }

  /// Starts an audit; its result replaces the last one when it succeeds.
  private func start(trigger: String) -> Task<AuditOutcome?, Never> {
    started += 1
    let sequence = started
    lastStarted = .now
    let audit = self.audit
    let log = self.log
    let task = Task<AuditOutcome?, Never> {
      let began = ContinuousClock.now
      var outcome = await audit()
      let milliseconds = (ContinuousClock.now - began).milliseconds
      outcome?.sequence = sequence
      log.audit(sequence: sequence, trigger: trigger, outcome: outcome, milliseconds: milliseconds)
      self.finish(outcome)
      return outcome
    }
    running = task
    return task
  }

  private func finish(_ outcome: AuditOutcome?) {
    running = nil
    if let outcome { last = outcome }
  }
}
