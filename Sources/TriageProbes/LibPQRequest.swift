import CClientLibraries
import Foundation
import TriageCore

/// What a libpq probe (`postgres`, `pgbouncer`) has in hand before it connects: its DSN, what libpq
/// parses of it, the password, and the deadline; and how to keep the password out of messages.
struct LibPQRequest {
  /// Why the request cannot be made: the probe's failure reason.
  struct Invalid: Error {
    var message: String
  }

  var dsn: String
  var parsed: DSNOptions
  /// From `password_env` (an environment variable), else `password_file`; nil when neither is
  /// set, so libpq's own sources (the DSN, `PGPASSWORD`, `~/.pgpass`) apply.
  var password: String?
  /// When connecting and querying must be done: the answer window, less the margin for handing
  /// the result back.
  var deadline: ContinuousClock.Instant

  init(_ request: ProbeRequest, kind: String) throws(Invalid) {
    guard let dsn = request.nonEmptyString("dsn") else { throw Invalid(message: "\(kind) probe needs a dsn") }
    // libpq is opened on first use: without it this probe cannot look (its facts stay unknown).
    if let reason = triage_open_libpq() {
      throw Invalid(message: "libpq (Debian's libpq5) cannot be loaded: \(String(cString: reason))")
    }
    guard let parsed = DSNOptions(dsn) else {
      throw Invalid(message: "the dsn is not a libpq connection string or URI")
    }
    self.dsn = dsn
    self.parsed = parsed
    deadline = request.answerWindow().workDeadline
    if let name = request.nonEmptyString("password_env"), let value = request.environment[name], !value.isEmpty {
      password = value
    } else if let path = request.nonEmptyString("password_file") {
      do {
        let (bytes, _) = try FileInspector.read(path, limit: 4096)
        password = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
      } catch {
        throw Invalid(message: "cannot read password_file: \(error.message(path: path))")
      }
    }
  }

  /// Connects within the deadline as `application_name` triage, with the startup `options` given
  /// (nil: none, as PgBouncer's console wants), or gives the failure with the password scrubbed.
  func connect(options: String?) -> Result<PostgresSession, PostgresSession.Failure> {
    // libpq's own connect_timeout counts whole seconds, at least 2; the deadline is the real bound.
    let seconds = max(2, Int(((deadline - .now).milliseconds / 1000).rounded(.up)))
    var settings = [("connect_timeout", String(seconds)), ("application_name", "triage")]
    if let options { settings.append(("options", options)) }
    if let password { settings.append(("password", password)) }
    do {
      return .success(try PostgresSession.connect(dsn: dsn, settings: settings, deadline: deadline))
    } catch {
      return .failure(PostgresSession.Failure(kind: error.kind, message: scrub(error.message)))
    }
  }

  /// The evidence of a connection that failed: where, how, and the server's or libpq's words.
  func evidence(of failure: PostgresSession.Failure) -> String {
    "\(parsed.endpoint): \(failure.kind): \(failure.message)"
  }

  /// `text` with the password (given or inside the DSN) replaced by `[redacted]`.
  func scrub(_ text: String) -> String {
    [password, parsed.password].compactMap { $0 }.filter { !$0.isEmpty }
      .reduce(text) { $0.replacingAll($1, with: "[redacted]") }
  }
}
