import TriageCEL
import TriageCore

/// `pgbouncer`: PgBouncer's admin console (`psql -p 6432 -U pgbouncer pgbouncer -c 'SHOW POOLS'`)
/// → `connected`, `error` (as for `postgres`), `pools` (one record per row of `SHOW POOLS`:
/// `database`, `user`, `cl_active`, `cl_waiting`, `sv_active`, `sv_idle`, `sv_used`, `sv_login`,
/// `maxwait`, `pool_mode` …) and `databases` (one per row of `SHOW DATABASES`: `name`, `host`,
/// `port`, `pool_size`, `max_connections`, `current_connections`, `paused`, `disabled` …).
///
/// Columns are kept as PgBouncer names them, whatever its version adds: a value that reads as an
/// integer is an int, any other a string (NULL: ""). The console takes no `options` startup
/// parameter and runs only its own `SHOW` commands, so the session sets nothing; the user must be
/// one of PgBouncer's `admin_users` or `stats_users`. The password comes from `password_env`, else
/// `password_file`, else libpq's own sources, and never appears in evidence or reasons.
public enum PgBouncerProbe: ProbeKind {
  public static let identifier = "pgbouncer"
  public static let parameters = [
    ProbeParameter(
      "dsn", .string, required: true,
      "libpq connection string or URI of the admin console (database pgbouncer; keep the password out)"),
    ProbeParameter("password_env", .string, "environment variable holding the password"),
    ProbeParameter("password_file", .string, "file holding the password"),
    ProbeParameter("timeout", .string, "deadline for connecting and querying (default: the probe's timeout)"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("connected", .bool, "the probe connected to the admin console and read its pools"),
    ProbeResultField(
      "error", .string,
      "as for postgres: \"\", refused, auth, too_many_connections, timeout, dns, unavailable or other"),
    ProbeResultField("host", .string, "the host the DSN names"),
    ProbeResultField("port", .string, "the port the DSN names (text)"),
    ProbeResultField("user", .string, "the user the DSN names (never the password)"),
    ProbeResultField(
      "pools", .list(.map(.string, .dyn)),
      "one record per row of SHOW POOLS (database, user, cl_active, cl_waiting, sv_active, maxwait ...)"),
    ProbeResultField(
      "databases", .list(.map(.string, .dyn)),
      "one record per row of SHOW DATABASES (name, host, port, pool_size, paused ...); empty when not connected"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    let libpq: LibPQRequest
    do {
      libpq = try LibPQRequest(request, kind: identifier)
    } catch {
      return .failure(error.message)
    }
    let deadline = libpq.deadline
    let session: PostgresSession
    switch libpq.connect(options: nil) {
    case .success(let connected): session = connected
    case .failure(let error):
      return .result(
        .record(
          [
            ("connected", .bool(false)), ("error", .string(error.kind)), ("pools", .list([])), ("databases", .list([])),
          ] + libpq.parsed.target), evidence: libpq.evidence(of: error))
    }
    let pools: PostgresSession.Table
    let databases: PostgresSession.Table
    do {
      pools = try session.table("SHOW POOLS", until: deadline)
      databases = try session.table("SHOW DATABASES", until: deadline)
    } catch {
      return .failure(
        "connected to \(session.endpoint) but the admin console did not answer SHOW POOLS and SHOW DATABASES: "
          + libpq.scrub(error.message))
    }
    let result = CELValue.record(
      [
        ("connected", .bool(true)), ("error", .string("")), ("pools", records(pools)),
        ("databases", records(databases)),
      ] + libpq.parsed.target)
    return .result(result, evidence: "\(session.endpoint): " + summary(of: pools))
  }

  /// Each row as a record of its columns: integers as ints, anything else as strings.
  static func records(_ table: PostgresSession.Table) -> CELValue {
    .list(
      table.rows.map { row in
        .record(
          zip(table.columns, row).map { column, value in
            (column, Int64(value ?? "").map { CELValue.integer($0) } ?? .string(value ?? ""))
          })
      })
  }

  /// One phrase per pool: who waits, who is served.
  private static func summary(of pools: PostgresSession.Table) -> String {
    let phrases = pools.rows.map { row -> String in
      let value = { (name: String) in column(name, of: row, in: pools) }
      return "\(value("database"))/\(value("user")): \(value("cl_active")) clients active, "
        + "\(value("cl_waiting")) waiting (longest \(value("maxwait")) s), \(value("sv_active")) server connections "
        + "active, \(value("sv_idle")) idle"
    }
    return phrases.isEmpty ? "no pools" : phrases.joined(separator: "; ")
  }

  private static func column(_ name: String, of row: [String?], in table: PostgresSession.Table) -> String {
    guard let index = table.columns.firstIndex(of: name), index < row.count else { return "?" }
    return row[index] ?? ""
  }
}
