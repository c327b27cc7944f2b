import CLibMariaDB
import TriageCore

#if canImport(Glibc)
  import Glibc
#endif

/// A MySQL or MariaDB connection through MariaDB's own C client library (Connector/C), driven by
/// its non-blocking API so that connecting and every query honour the deadline.
final class MySQLSession {
  /// Why a connection or query failed: the server's or client's error number, SQLSTATE and text.
  struct Failure: Error {
    var number: Int
    var sqlState: String
    var message: String
    /// The failure class: `too_many_connections`, `auth`, `refused`, `dns`, `timeout`, `reset`,
    /// `unavailable`, `other` — by error number, never by message text.
    var kind: String { MySQLSession.classify(number) }
  }

  private let handle: UnsafeMutablePointer<MYSQL>
  private let deadline: ContinuousClock.Instant

  private init(_ handle: UnsafeMutablePointer<MYSQL>, deadline: ContinuousClock.Instant) {
    self.handle = handle
    self.deadline = deadline
  }

  deinit {
    // QUIT is sent without blocking, for at most 100 ms; then the socket is shut down anyway, so
    // the server frees the connection slot at once (a slot left open would count against it).
    let socket = mysql_get_socket(handle)
    let until = ContinuousClock.now + .milliseconds(100)
    var status = mysql_close_start(handle)
    while status != 0, ContinuousClock.now < until {
      var descriptor = pollfd(fd: Int32(socket), events: Int16(POLLIN | POLLOUT), revents: 0)
      _ = poll(&descriptor, 1, 20)
      status = mysql_close_cont(handle, status)
    }
    guard status != 0 else { return }
    shutdown(Int32(socket), Int32(SHUT_RDWR))
    // With the socket shut down every wait ends at once: finish the close so the handle is freed.
    for _ in 0..<100 where status != 0 { status = mysql_close_cont(handle, status) }
  }

  /// Connects (TCP, or a Unix socket when `socket` is given) before `deadline`.
  static func connect(
    host: String, port: Int, socket: String?, user: String, password: String?, database: String?,
    deadline: ContinuousClock.Instant
  ) throws(Failure) -> MySQLSession {
    guard let handle = mysql_init(nil) else { throw Failure(number: 0, sqlState: "", message: "out of memory") }
    let session = MySQLSession(handle, deadline: deadline)
    mysql_options(handle, MYSQL_OPT_NONBLOCK, nil)
    var protocolValue = UInt32(socket == nil ? MYSQL_PROTOCOL_TCP.rawValue : MYSQL_PROTOCOL_SOCKET.rawValue)
    mysql_options(handle, MYSQL_OPT_PROTOCOL, &protocolValue)
    // The non-blocking API keeps the string pointers until the connection is made, so they must
    // outlive this loop (Swift's temporary C strings would not).
    let strings = [host, user, password, database, socket].map { $0.flatMap { strdup($0) } }
    defer { for pointer in strings { free(pointer) } }
    var result: UnsafeMutablePointer<MYSQL>?
    var status = mysql_real_connect_start(
      &result, handle, strings[0], strings[1], strings[2], strings[3], UInt32(port), strings[4], 0)
    while status != 0 {
      status = mysql_real_connect_cont(&result, handle, try session.wait(status))
    }
    guard result != nil else { throw session.failure() }
    return session
  }

  /// Runs a query and returns its rows as text (NULL as nil).
  func query(_ text: String) throws(Failure) -> [[String?]] {
    var queryResult: Int32 = 0
    // As for connecting: the query text must outlive the non-blocking calls.
    let query = strdup(text)
    defer { free(query) }
    var status = mysql_real_query_start(&queryResult, handle, query, UInt(text.utf8.count))
    while status != 0 { status = mysql_real_query_cont(&queryResult, handle, try wait(status)) }
    guard queryResult == 0 else { throw failure() }
    var stored: UnsafeMutablePointer<MYSQL_RES>?
    status = mysql_store_result_start(&stored, handle)
    while status != 0 { status = mysql_store_result_cont(&stored, handle, try wait(status)) }
    guard let stored else { throw failure() }
    defer { mysql_free_result(stored) }
    let columns = Int(mysql_num_fields(stored))
    var rows: [[String?]] = []
    while let row = mysql_fetch_row(stored) {
      rows.append((0..<columns).map { index in row[index].map { String(cString: $0) } })
    }
    return rows
  }

  /// The values of a `SHOW … STATUS`/`SHOW … VARIABLES` statement for `names`, keyed by their
  /// lower-cased name.
  func namedValues(_ show: String, names: [String]) throws(Failure) -> [String: String] {
    let list = names.map { "'\($0)'" }.joined(separator: ",")
    let rows = try query("\(show) WHERE Variable_name IN (\(list))")
    return Dictionary(
      rows.compactMap { row in row.count == 2 ? (row[0]?.lowercased() ?? "", row[1] ?? "") : nil },
      uniquingKeysWith: { first, _ in first })
  }

  /// The server's version string.
  var serverVersion: String { mysql_get_server_info(handle).map { String(cString: $0) } ?? "" }

  /// Waits for what the library asked for (`MYSQL_WAIT_*`), returning what happened.
  private func wait(_ status: Int32) throws(Failure) -> Int32 {
    var events: Int16 = 0
    if status & MYSQL_WAIT_READ != 0 { events |= Int16(POLLIN) }
    if status & MYSQL_WAIT_WRITE != 0 { events |= Int16(POLLOUT) }
    if status & MYSQL_WAIT_EXCEPT != 0 { events |= Int16(POLLPRI) }
    while true {
      let left = deadline - .now
      guard left > .zero else { throw Failure(number: -1, sqlState: "", message: "timed out") }
      var milliseconds = Int32(clamping: Int64(left.milliseconds) + 1)
      if status & MYSQL_WAIT_TIMEOUT != 0 {
        milliseconds = min(milliseconds, Int32(clamping: Int64(mysql_get_timeout_value_ms(handle))))
      }
      var descriptor = pollfd(fd: Int32(mysql_get_socket(handle)), events: events, revents: 0)
      let ready = poll(&descriptor, 1, milliseconds)
      if ready < 0 {
        if errno == EINTR { continue }
        throw Failure(number: 0, sqlState: "", message: "poll: \(String(cString: strerror(errno)))")
      }
      if ready == 0 {
        if status & MYSQL_WAIT_TIMEOUT != 0 { return MYSQL_WAIT_TIMEOUT }
        continue
      }
      var happened: Int32 = 0
      if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { happened |= MYSQL_WAIT_READ }
      if descriptor.revents & Int16(POLLOUT | POLLERR) != 0 { happened |= MYSQL_WAIT_WRITE }
      if descriptor.revents & Int16(POLLPRI) != 0 { happened |= MYSQL_WAIT_EXCEPT }
      return happened
    }
  }

  private func failure() -> Failure {
    Failure(
      number: Int(mysql_errno(handle)), sqlState: mysql_sqlstate(handle).map { String(cString: $0) } ?? "",
      message: mysql_error(handle).map { String(cString: $0) } ?? "")
  }

  /// The failure class of a server or client error number.
  static func classify(_ number: Int) -> String {
    switch number {
    case 1040, 1203, 1226: "too_many_connections"  // ER_CON_COUNT_ERROR, max_user_connections, user limits
    case 1044, 1045, 1130, 1251, 1698: "auth"  // access denied, host not allowed, auth plugin
    case 2002, 2003: "refused"  // CR_CONNECTION_ERROR (socket), CR_CONN_HOST_ERROR (TCP)
    case 2005: "dns"  // CR_UNKNOWN_HOST
    case 2006, 2013: "reset"  // server gone away, lost connection
    case 1053, 1077, 1927: "unavailable"  // shutdown in progress, server not ready
    case -1: "timeout"  // the deadline passed (triage's own number)
    default: "other"
    }
  }
}
