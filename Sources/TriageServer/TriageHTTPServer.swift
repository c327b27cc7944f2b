import Foundation
import Hummingbird
import Logging
import TriageCore
import TriageReports

/// `triage serve`'s HTTP side (Hummingbird on SwiftNIO): `/healthz` and `/readyz` (200 when the
/// audit is healthy, 503 with the verdict, the root cause and the failing checklist items),
/// `/metrics` (the audit's OpenMetrics), `/report` (the HTML report) and `/report.json`, every
/// answer from the last audit with its age; JSON-line request logs, an optional bearer token,
/// and a graceful stop on SIGTERM or SIGINT.
public struct TriageHTTPServer: Sendable {
  /// Where to listen and who may ask.
  public struct Settings: Sendable {
    public var host: String
    public var port: Int
    /// The bearer token every request must carry; nil: none asked.
    public var token: String?
    /// How often the schedule audits.
    public var interval: Duration
    /// How old the last result may be before the health endpoints stop trusting it (503, stale).
    public var staleAfter: Duration

    /// Creates settings.
    public init(host: String, port: Int, token: String?, interval: Duration, staleAfter: Duration) {
      self.host = host
      self.port = port
      self.token = token
      self.interval = interval
      self.staleAfter = staleAfter
    }
  }

  private let settings: Settings
  private let scheduler: AuditScheduler
  private let log: JSONLineLog

  /// A server answering from `scheduler`'s audits.
  public init(settings: Settings, scheduler: AuditScheduler, log: JSONLineLog) {
    self.settings = settings
    self.scheduler = scheduler
    self.log = log
  }

  /// Listens until SIGTERM or SIGINT, auditing on the schedule meanwhile; throws when it cannot
  /// listen.
  public func run() async throws {
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware(log: log))
    if let token = settings.token { router.add(middleware: BearerTokenMiddleware(token: token)) }
    let scheduler = self.scheduler
    let staleAfter = Double(settings.staleAfter.milliseconds) / 1000
    for path in ["healthz", "readyz"] {
      router.get(RouterPath(path)) { _, _ -> Response in
        guard let outcome = await scheduler.answer() else {
          return Self.response(.serviceUnavailable, "application/json", HealthAnswer.noAudit, age: nil)
        }
        let stale = outcome.ageSeconds > staleAfter
        return Self.response(
          outcome.isHealthy && !stale ? .ok : .serviceUnavailable, "application/json",
          HealthAnswer.body(outcome, stale: stale), age: outcome.ageSeconds)
      }
    }
    let formats: [(String, String, @Sendable (AuditOutcome) -> [UInt8])] = [
      (
        "metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8",
        { Self.render(OpenMetricsReporter.self, $0) }
      ),
      ("report", "text/html; charset=utf-8", { Self.render(HTMLReporter.self, $0) }),
      ("report.json", "application/json", { Self.render(JSONReporter.self, $0) }),
    ]
    for (path, type, render) in formats {
      router.get(RouterPath(path)) { _, _ -> Response in
        guard let outcome = await scheduler.answer() else {
          return Self.response(.serviceUnavailable, "application/json", HealthAnswer.noAudit, age: nil)
        }
        return Self.response(.ok, type, render(outcome), age: outcome.ageSeconds)
      }
    }
    let log = self.log
    // Audits start once the address is bound: a server that cannot listen probes nothing.
    let (listening, bound) = AsyncStream<Void>.makeStream()
    let application = Application(
      router: router,
      configuration: ApplicationConfiguration(
        address: .hostname(settings.host, port: settings.port), serverName: "triage/\(TriageVersion.current)"),
      onServerRunning: { channel in
        log.event(
          "listening",
          [
            ("host", .string(channel.localAddress?.ipAddress ?? "")),
            ("port", .int(Int64(channel.localAddress?.port ?? 0))),
          ])
        bound.yield()
        bound.finish()
      },
      logger: Logger(label: "triage.serve") { _ in JSONLineLogHandler(log: log) })
    let schedule = Task {
      for await _ in listening { break }
      await scheduler.runSchedule(every: settings.interval)
    }
    defer { schedule.cancel() }
    try await application.runService()
    log.event("stopped", [("audits", .int(Int64(await scheduler.auditsStarted)))])
  }

  /// The report of `outcome` in one format, as `triage audit` writes it (credentials redacted).
  private static func render<Format: Reporter>(_ format: Format.Type, _ outcome: AuditOutcome) -> [UInt8] {
    var bytes: [UInt8] = []
    format.write(outcome.diagnosis, metadata: outcome.metadata, style: .plain) { bytes += $0 }
    return bytes
  }

  private static func response(_ status: HTTPResponse.Status, _ type: String, _ text: String, age: Double?) -> Response
  {
    response(status, type, Array(text.utf8), age: age)
  }

  private static func response(_ status: HTTPResponse.Status, _ type: String, _ bytes: [UInt8], age: Double?)
    -> Response
  {
    // The report's one script and style are inline; nothing else may load.
    var headers: HTTPFields = [
      .contentType: type, .cacheControl: "no-store", .xContentTypeOptions: "nosniff",
      .contentSecurityPolicy:
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:",
    ]
    if let age { headers[.age] = String(Int(age)) }
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}
