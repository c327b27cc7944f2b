import CLibPQ
import Foundation
import TriageCEL
import TriageCore

/// `postgres`: `pg_isready` and `pg_stat_activity` in one — connects by `dsn` (libpq key=value or
/// URI) and counts connections → `connected`, `error` (`""`, `refused`, `auth`,
/// `too_many_connections`, `timeout`, `dns`, `unavailable` — starting up, shutting down or in
/// recovery —, `other`), `active`, `idle`, `idle_in_transaction`, `total` (client connections,
/// the probe's own excluded), `state_hidden` (connections whose state the role may not see:
/// grant it `pg_monitor`), `waiting_locks`, `max_connections`, `reserved_connections`
/// (`superuser_reserved_connections` + `reserved_connections` where it exists), `server_version`.
///
/// `logged_in` says the server accepted the login even when the queries then did not answer: a
/// connection pooler (PgBouncer) that lets a client in and keeps it waiting for a server
/// connection answers `logged_in: true, connected: false, error: "timeout"` within the `timeout`
/// answer window.
///
/// The session is read-only (`default_transaction_read_only=on`, and a `statement_timeout`), and
/// the connection is bounded by the deadline itself (see ``PostgresSession``). A pooler that
/// refuses those startup settings ("unsupported startup parameter") is connected to again without
/// them: the probe only ever sends one `SELECT`. The password comes
/// from `password_env` (an environment variable), else `password_file`, else the DSN or libpq's own
/// sources (`PGPASSWORD`, `~/.pgpass`); it never appears in evidence or reasons. A server that
/// cannot be reached or refuses the connection is an observation (`connected: false`).
public enum PostgresProbe: ProbeKind {
  public static let identifier = "postgres"
  public static let parameters = [
    ProbeParameter("dsn", .string, required: true, "libpq connection string or URI (keep the password out)"),
    ProbeParameter("password_env", .string, "environment variable holding the password"),
    ProbeParameter("password_file", .string, "file holding the password"),
    ProbeParameter("timeout", .string, "deadline for connecting and querying (default: the probe's timeout)"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("connected", .bool, "the probe connected and ran its queries"),
    ProbeResultField(
      "logged_in", .bool, "the server accepted the login (true when the queries then timed out: a pooler's queue)"),
    ProbeResultField(
      "error", .string, "\"\", refused, auth, too_many_connections, timeout, dns, unavailable or other"),
    ProbeResultField("host", .string, "the host the DSN names, for fix commands"),
    ProbeResultField("port", .string, "the port the DSN names (text)"),
    ProbeResultField("user", .string, "the user the DSN names (never the password)"),
    ProbeResultField("active", .int, "client backends with state = 'active'; 0 when not connected"),
    ProbeResultField("idle", .int, "client backends with state = 'idle'"),
    ProbeResultField("idle_in_transaction", .int, "client backends idle in transaction (and aborted)"),
    ProbeResultField("total", .int, "all client backends, the probe's own excluded"),
    ProbeResultField("state_hidden", .int, "client backends whose state the role may not see (grant it pg_monitor)"),
    ProbeResultField("waiting_locks", .int, "backends waiting for a lock"),
    ProbeResultField("max_connections", .int, "max_connections"),
    ProbeResultField(
      "reserved_connections", .int, "superuser_reserved_connections + reserved_connections (PostgreSQL 16+)"),
    ProbeResultField("server_version", .string, "the server's server_version; \"\" when not connected"),
  ]

  static let statistics = """
    SELECT count(*) FILTER (WHERE state = 'active'),
           count(*) FILTER (WHERE state = 'idle'),
           count(*) FILTER (WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')),
           count(*),
           count(*) FILTER (WHERE state IS NULL),
           count(*) FILTER (WHERE wait_event_type = 'Lock'),
           current_setting('max_connections')::int,
           current_setting('superuser_reserved_connections')::int
             + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),
           current_setting('server_version')
      FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
    """

  static let fields = [
    "active", "idle", "idle_in_transaction", "total", "state_hidden", "waiting_locks", "max_connections",
    "reserved_connections",
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    let libpq: LibPQRequest
    do {
      libpq = try LibPQRequest(request, kind: identifier)
    } catch {
      return .failure(error.message)
    }
    let deadline = libpq.deadline
    let milliseconds = max(1, Int((deadline - .now).milliseconds))
    var options = libpq.parsed.options.map { $0 + " " } ?? ""
    options += "-c default_transaction_read_only=on -c statement_timeout=\(milliseconds)"
    options += " -c lock_timeout=\(milliseconds)"
    let start = ContinuousClock.now
    let session: PostgresSession
    var through = ""
    switch libpq.connect(options: options) {
    case .success(let connected): session = connected
    case .failure(let error) where error.message.contains("unsupported startup parameter"):
      switch libpq.connect(options: nil) {
      case .success(let connected):
        session = connected
        through = " (through a pooler that takes no startup settings)"
      case .failure(let error):
        return .result(unconnected(error.kind, libpq.parsed), evidence: libpq.evidence(of: error))
      }
    case .failure(let error): return .result(unconnected(error.kind, libpq.parsed), evidence: libpq.evidence(of: error))
    }
    let endpoint = session.endpoint
    let rows: [[String?]]
    do {
      rows = try session.query(statistics, until: deadline)
    } catch {
      guard error.kind == "timeout" else {
        return .failure("connected to \(endpoint) but could not read pg_stat_activity: \(libpq.scrub(error.message))")
      }
      let waited = Int((ContinuousClock.now - start).milliseconds)
      return .result(
        unconnected("timeout", libpq.parsed, loggedIn: true),
        evidence: "\(endpoint)\(through): logged in, but a one-row SELECT had no answer after \(waited) ms")
    }
    guard let row = rows.first, row.count == fields.count + 1 else {
      return .failure("connected to \(endpoint) but pg_stat_activity gave no row")
    }
    var values: [(String, CELValue)] =
      [("connected", .bool(true)), ("logged_in", .bool(true)), ("error", .string(""))] + libpq.parsed.target
    for (index, name) in fields.enumerated() { values.append((name, .integer(Int64(row[index] ?? "") ?? 0))) }
    let version = row[fields.count] ?? ""
    values.append(("server_version", .string(version)))
    let latency = Int((ContinuousClock.now - start).milliseconds)
    let (database, user) = session.database
    let evidence =
      "\(endpoint)\(through) \(database) as \(user) (PostgreSQL \(version)) in \(latency) ms: \(row[3] ?? "?") of "
      + "\(row[6] ?? "?") connections (\(row[7] ?? "?") reserved): \(row[0] ?? "?") active, \(row[1] ?? "?") idle, "
      + "\(row[2] ?? "?") idle in transaction, \(row[5] ?? "?") waiting for locks"
    return .result(.record(values), evidence: evidence)
  }

  private static func unconnected(_ error: String, _ parsed: DSNOptions, loggedIn: Bool = false) -> CELValue {
    .record(
      [("connected", .bool(false)), ("logged_in", .bool(loggedIn)), ("error", .string(error))] + parsed.target
        + fields.map { ($0, CELValue.int(0)) }
        + [("server_version", .string(""))])
  }

}

/// What a DSN says, as libpq parses it (`PQconninfoParse`): the `options` to keep, the password to
/// keep out of messages, and host, port and user for evidence and fix commands.
struct DSNOptions {
  var options: String?
  var password: String?
  var host: String
  var port: String
  var user: String
  var endpoint: String { "\(host):\(port)" }

  /// `host`, `port` and `user` as result fields (never the password).
  var target: [(String, CELValue)] { [("host", .string(host)), ("port", .string(port)), ("user", .string(user))] }

  init?(_ dsn: String) {
    var error: UnsafeMutablePointer<CChar>?
    guard let list = PQconninfoParse(dsn, &error) else {
      if let error { PQfreemem(error) }
      return nil
    }
    defer { PQconninfoFree(list) }
    var values: [String: String] = [:]
    var entry = list
    while let keyword = entry.pointee.keyword {
      if let value = entry.pointee.val { values[String(cString: keyword)] = String(cString: value) }
      entry += 1
    }
    options = values["options"].flatMap { $0.isEmpty ? nil : $0 }
    password = values["password"]
    host = values["host"] ?? values["hostaddr"] ?? "localhost"
    port = values["port"] ?? "5432"
    user = values["user"] ?? ""
  }
}
