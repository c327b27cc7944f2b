import CLibPQ
import TriageCore

#if canImport(Glibc)
  import Glibc
#endif

/// A libpq connection whose connect and queries honour a deadline: `PQconnectStartParams` and
/// `PQconnectPoll`, then `PQsendQuery`, each step waiting with `poll()` on `PQsocket` — libpq's own
/// `connect_timeout` counts whole seconds (and at least 2), too coarse for a probe.
final class PostgresSession {
  /// Why a connection or query failed, classified as operators think of it.
  struct Failure: Error, CustomStringConvertible {
    /// `refused`, `auth`, `too_many_connections`, `timeout`, `dns`, `unavailable` (starting up,
    /// shutting down, in recovery) or `other`.
    var kind: String
    var message: String
    var description: String { message }
  }

  private let connection: OpaquePointer

  private init(_ connection: OpaquePointer) { self.connection = connection }

  deinit { PQfinish(connection) }

  /// Connects with `settings` (libpq keywords) applied after the expanded `dsn`, so they win.
  static func connect(
    dsn: String, settings: [(String, String)], deadline: ContinuousClock.Instant
  ) throws(Failure) -> PostgresSession {
    let pairs = [("dbname", dsn)] + settings
    let keywords = pairs.map { strdup($0.0) } + [nil]
    let values = pairs.map { strdup($0.1) } + [nil]
    defer {
      for pointer in keywords { free(pointer) }
      for pointer in values { free(pointer) }
    }
    let started = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordBuffer in
      values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
        PQconnectStartParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
      }
    }
    guard let started else { throw Failure(kind: "other", message: "libpq could not allocate a connection") }
    // Verbose errors carry the server's SQLSTATE ("FATAL:  53300: …"), which classifies a refusal
    // whatever language the server's lc_messages speaks.
    PQsetErrorVerbosity(started, PQERRORS_VERBOSE)
    let session = PostgresSession(started)
    guard PQstatus(started) != CONNECTION_BAD else { throw session.failure() }
    var status = PGRES_POLLING_WRITING
    while status != PGRES_POLLING_OK {
      switch status {
      case PGRES_POLLING_FAILED: throw session.failure()
      case PGRES_POLLING_READING: try session.wait(for: Int16(POLLIN), until: deadline)
      default: try session.wait(for: Int16(POLLOUT), until: deadline)
      }
      status = PQconnectPoll(started)
    }
    return session
  }

  /// The server's host and port as libpq resolved them (never the password).
  var endpoint: String {
    let host = PQhost(connection).map { String(cString: $0) } ?? "?"
    let port = PQport(connection).map { String(cString: $0) } ?? "?"
    return host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : "\(host):\(port)"
  }

  /// The database and user of the connection.
  var database: (name: String, user: String) {
    (PQdb(connection).map { String(cString: $0) } ?? "", PQuser(connection).map { String(cString: $0) } ?? "")
  }

  /// The rows a statement returned, with its column names.
  struct Table {
    var columns: [String]
    var rows: [[String?]]
  }

  /// Runs one statement and returns its rows (NULL as nil).
  func query(_ sql: String, until deadline: ContinuousClock.Instant) throws(Failure) -> [[String?]] {
    try table(sql, until: deadline).rows
  }

  /// Runs one statement and returns its rows with their column names.
  func table(_ sql: String, until deadline: ContinuousClock.Instant) throws(Failure) -> Table {
    try send(sql, until: deadline)
    return try receive(until: deadline)
  }

  /// Sends one statement without waiting for its result.
  func send(_ sql: String, until deadline: ContinuousClock.Instant) throws(Failure) {
    guard PQsendQuery(connection, sql) == 1 else { throw failure() }
    while PQflush(connection) == 1 { try wait(for: Int16(POLLOUT), until: deadline) }
  }

  /// The rows of the statement sent last.
  func receive(until deadline: ContinuousClock.Instant) throws(Failure) -> Table {
    while PQisBusy(connection) == 1 {
      try wait(for: Int16(POLLIN), until: deadline)
      guard PQconsumeInput(connection) == 1 else { throw failure() }
    }
    var table = Table(columns: [], rows: [])
    var error: Failure?
    while let result = PQgetResult(connection) {
      defer { PQclear(result) }
      switch PQresultStatus(result) {
      case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
        table.columns = (0..<PQnfields(result)).map { PQfname(result, $0).map { String(cString: $0) } ?? "" }
        for row in 0..<PQntuples(result) {
          table.rows.append(
            (0..<PQnfields(result)).map { column in
              PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
      default:
        let message = PQresultErrorMessage(result).map { String(cString: $0) } ?? "query failed"
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        error = Failure(kind: Self.classify(message, sqlState: state), message: Self.clean(message))
      }
    }
    if let error { throw error }
    return table
  }

  private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(Failure) {
    while true {
      let left = deadline - .now
      guard left > .zero else { throw Failure(kind: "timeout", message: "timed out") }
      var descriptor = pollfd(fd: PQsocket(connection), events: events, revents: 0)
      guard descriptor.fd >= 0 else { throw failure() }
      let ready = poll(&descriptor, 1, Int32(max(1, min(left.milliseconds.rounded(.up), 60000))))
      if ready > 0 { return }
      if ready < 0, errno != EINTR { throw Failure(kind: "other", message: String(cString: strerror(errno))) }
    }
  }

  private func failure() -> Failure {
    let message = PQerrorMessage(connection).map { String(cString: $0) } ?? "connection failed"
    return Failure(kind: Self.classify(message, sqlState: Self.sqlState(in: message)), message: Self.clean(message))
  }

  /// The SQLSTATE a verbose server error carries after its severity (`FATAL:  53300: …`), or "".
  static func sqlState(in message: String) -> String {
    for severity in ["FATAL:", "ERROR:", "PANIC:"] {
      guard let range = message.firstRange(of: severity) else { continue }
      let rest = message[range.upperBound...].drop { $0 == " " }
      let code = rest.prefix(5)
      if code.count == 5, code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }),
        rest.dropFirst(5).hasPrefix(":")
      {
        return String(code)
      }
    }
    return ""
  }

  /// The error class of a libpq or server message (and SQLSTATE when there is one).
  static func classify(_ message: String, sqlState: String) -> String {
    switch sqlState {
    case "": break  // no server error: libpq's own words below
    case "08P01": break  // PgBouncer gives every error this code, in English it never translates
    case "53300": return "too_many_connections"
    case "57014": return "timeout"  // query_canceled: what statement_timeout raises
    case _ where sqlState.hasPrefix("28"): return "auth"
    case _ where sqlState.hasPrefix("57"): return "unavailable"  // admin shutdown, starting up, recovering
    default: return "other"  // its SQLSTATE decides, not its (translated) words: disk full is not "too many"
    }
    let text = message.lowercased()
    let table: [(String, [String])] = [
      (
        "too_many_connections",
        [
          "too many clients", "remaining connection slots are reserved", "too many connections",
          "no more connections allowed",
        ]
      ),
      (
        "auth",
        [
          "password authentication failed", "authentication failed", "no password supplied",
          "no pg_hba.conf entry", "pg_hba.conf rejects",
        ]
      ),
      ("refused", ["connection refused", "no such file or directory"]),
      ("timeout", ["timeout expired", "timed out"]),
      ("dns", ["could not translate host name", "name or service not known"]),
      ("unavailable", ["the database system is", "in recovery mode", "cannot connect to server"]),
    ]
    if text.contains("role \""), text.contains("does not exist") { return "auth" }
    for (kind, needles) in table where needles.contains(where: text.contains) { return kind }
    return "other"
  }

  /// The message on one line.
  static func clean(_ message: String) -> String {
    message.split(whereSeparator: \.isNewline).map { $0.trimmingPrefix(while: \.isWhitespace) }
      .filter { !$0.isEmpty && !$0.hasPrefix("LOCATION:") }.joined(separator: "; ")
  }
}

extension Substring {
  fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
    self.drop(while: predicate)
  }
}
