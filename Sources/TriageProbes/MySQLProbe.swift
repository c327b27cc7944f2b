import CClientLibraries
import Foundation
import TriageCEL
import TriageCore

/// `mysql`: MySQL's or MariaDB's state through MariaDB's C client library — connects by `url`
/// (`mysql://user@host:port/db`, or `?socket=/path` for a Unix socket) and reads the connection
/// figures → `connected`, `error` (`""`, `too_many_connections` (1040), `auth` (1045 …), `refused`
/// (2002/2003), `dns`, `timeout`, `reset`, `unavailable`, `other`), `errno` (the error number),
/// `sqlstate`, `threads_connected`, `threads_running`, `max_connections`, `max_used_connections`,
/// `connection_errors_max_connections`, `aborted_connects`, `read_only`, `version`.
///
/// Errors are classified by number, never by message text (servers translate messages). Sends only
/// `SHOW GLOBAL STATUS` and `SHOW GLOBAL VARIABLES`: a user with no privilege but USAGE can run
/// the probe. The password comes from `password_env`, else the URL; it never appears in evidence.
/// A server that cannot be reached or refuses the connection is an observation (`connected:
/// false`); running out of the probe's own time is not (give `timeout`, the answer window).
public enum MySQLProbe: ProbeKind {
  public static let identifier = "mysql"
  public static let parameters = [
    ProbeParameter(
      "url", .string, required: true,
      "a mysql:// (or mariadb://) URL naming the user, host, port and database (?socket=/path for a Unix socket); keep the password out"
    ),
    ProbeParameter("password_env", .string, "environment variable holding the password"),
    ProbeParameter(
      "timeout", .string,
      "how long to wait for the answer, shorter than the probe's timeout: past it the probe observes error 'timeout'"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("connected", .bool, "the probe connected and read the server's status and variables"),
    ProbeResultField(
      "error", .string,
      "\"\", too_many_connections, auth, refused, dns, reset, unavailable, timeout or other (by error number)"),
    ProbeResultField("errno", .int, "the server's or client's error number; 0 when connected"),
    ProbeResultField("sqlstate", .string, "the error's SQLSTATE; \"\" when connected"),
    ProbeResultField("host", .string, "the host the URL names, or the socket's path for a Unix socket"),
    ProbeResultField("port", .int, "the port the URL names"),
    ProbeResultField("user", .string, "the user the URL names (never the password)"),
    ProbeResultField("threads_connected", .int, "Threads_connected: open connections; 0 when not connected"),
    ProbeResultField("threads_running", .int, "Threads_running: connections running a statement"),
    ProbeResultField("max_connections", .int, "the max_connections variable"),
    ProbeResultField("max_used_connections", .int, "Max_used_connections: the most open at once since the start"),
    ProbeResultField(
      "connection_errors_max_connections", .int,
      "Connection_errors_max_connections: connections refused at max_connections"),
    ProbeResultField("aborted_connects", .int, "Aborted_connects: failed connection attempts"),
    ProbeResultField("read_only", .bool, "the read_only variable is ON"),
    ProbeResultField("version", .string, "the server's version string; \"\" when not connected"),
  ]

  static let statusNames = [
    "Threads_connected", "Threads_running", "Max_used_connections", "Connection_errors_max_connections",
    "Aborted_connects",
  ]
  static let variableNames = ["max_connections", "read_only"]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let text = request.nonEmptyString("url"), let url = MySQLURL(text) else {
      return .failure("mysql probe needs a mysql://user@host:port/database url")
    }
    // The client library is opened on first use: without it this probe cannot look.
    if let reason = triage_open_libmariadb() {
      return .failure("MariaDB Connector/C (Debian's libmariadb3) cannot be loaded: \(String(cString: reason))")
    }
    var password = url.password
    if let name = request.nonEmptyString("password_env"), let value = request.environment[name], !value.isEmpty {
      password = value
    }
    let deadline = min(request.workDeadline, request.answerWindow().deadline)
    let start = ContinuousClock.now
    let session: MySQLSession
    do {
      session = try MySQLSession.connect(
        host: url.host, port: url.port, socket: url.socket, user: url.user, password: password,
        database: url.database, deadline: deadline)
    } catch {
      return .result(
        unconnected(error, url),
        evidence: "\(url.endpoint): \(error.kind) (\(error.number) \(error.sqlState)): \(error.message)")
    }
    var values: [(String, CELValue)] =
      [("connected", .bool(true)), ("error", .string("")), ("errno", .int(0)), ("sqlstate", .string(""))]
      + url.target
    do {
      let status = try session.namedValues("SHOW GLOBAL STATUS", names: statusNames)
      let variables = try session.namedValues("SHOW GLOBAL VARIABLES", names: variableNames)
      for name in statusNames {
        values.append((name.lowercased(), .integer(Int64(status[name.lowercased()] ?? "") ?? 0)))
      }
      values.append(("max_connections", .integer(Int64(variables["max_connections"] ?? "") ?? 0)))
      values.append(("read_only", .bool(["ON", "1"].contains(variables["read_only"]?.uppercased() ?? ""))))
    } catch {
      return .failure("connected to \(url.endpoint) but could not read its status: \(error.message)")
    }
    let version = session.serverVersion
    values.append(("version", .string(version)))
    let latency = Int((ContinuousClock.now - start).milliseconds)
    let shown = Dictionary(values.map { ($0.0, $0.1.description) }, uniquingKeysWith: { first, _ in first })
    return .result(
      .record(values),
      evidence:
        "\(url.endpoint) as \(url.user) (\(version)) in \(latency) ms: \(shown["threads_connected"] ?? "?") of "
        + "\(shown["max_connections"] ?? "?") connections, \(shown["threads_running"] ?? "?") running, "
        + "\(shown["connection_errors_max_connections"] ?? "?") refused at max_connections")
  }

  private static func unconnected(_ error: MySQLSession.Failure, _ url: MySQLURL) -> CELValue {
    .record(
      [
        ("connected", .bool(false)), ("error", .string(error.kind)), ("errno", .int(Int64(error.number))),
        ("sqlstate", .string(error.sqlState)),
      ] + url.target + statusNames.map { ($0.lowercased(), CELValue.int(0)) }
        + [("max_connections", .int(0)), ("read_only", .bool(false)), ("version", .string(""))])
  }
}

/// `mysql://user:password@host:port/database?socket=/path` (also `mariadb://`).
struct MySQLURL {
  var user: String
  var password: String?
  var host: String
  var port: Int
  var database: String?
  var socket: String?

  init?(_ text: String) {
    guard let components = URLComponents(string: text), ["mysql", "mariadb"].contains(components.scheme ?? "")
    else { return nil }
    user = components.user.map { $0.removingPercentEncoding ?? $0 } ?? "root"
    password = components.password.map { $0.removingPercentEncoding ?? $0 }
    host = components.host.map { $0.isEmpty ? "localhost" : $0 } ?? "localhost"
    port = components.port ?? 3306
    guard (1...65535).contains(port) else { return nil }
    let path = components.path.drop { $0 == "/" }
    database = path.isEmpty ? nil : String(path)
    socket = components.queryItems?.first { $0.name == "socket" }?.value
  }

  /// Where it connects, for evidence (never the password).
  var endpoint: String { socket ?? "\(host):\(port)" }

  /// `host` (or the socket's path), `port` and `user` as result fields (never the password).
  var target: [(String, CELValue)] {
    [("host", .string(socket ?? host)), ("port", .integer(port)), ("user", .string(user))]
  }
}
