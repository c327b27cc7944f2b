import TriageCEL
import TriageCore

/// `haproxy`: the load balancer's view of a backend, from `show stat` on the stats `socket` or
/// the CSV stats `url` (`http://127.0.0.1:8404/stats;csv`) → `backend` (`{name, status,
/// active_servers, backup_servers, queue, sessions, session_limit}`), `servers` (`[{name, status,
/// check_status, check_running, check_code, check_description, last_check, queue, sessions,
/// session_limit, weight}]` — `check_status` without the `* ` HAProxy puts before it while a check
/// runs (`check_running` says so); `last_check` is HAProxy's `last_chk`, the failed check's text,
/// "" after a pass (and while a check runs); status as HAProxy
/// writes it: `UP`, `DOWN`, `MAINT`, `DRAIN`, `NOLB`, `UP 1/3`, `no check` …), `frontends`
/// (`[{name, status, sessions, session_limit, denied_requests, request_rate}]`).
///
/// With no `backend` the only backend that has servers is used; with several, the probe fails and
/// names them. Stats that cannot be fetched (refused, timeout, not CSV) make the probe fail: the
/// load balancer's view is unknown, not empty.
public enum HAProxyProbe: ProbeKind {
  public static let identifier = "haproxy"
  public static let parameters = [
    ProbeParameter("socket", .string, "the stats socket (one of socket or url; empty counts as absent)"),
    ProbeParameter("url", .string, "the CSV stats URL, such as http://127.0.0.1:8404/stats;csv"),
    ProbeParameter("backend", .string, "the backend (empty: the only backend with servers)"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField(
      "backend", .map(.string, .dyn),
      "{name, status, active_servers, backup_servers, queue, sessions, session_limit} of the backend"),
    ProbeResultField(
      "servers", .list(.map(.string, .dyn)),
      "its servers: {name, status, check_status, check_running, check_code, check_description, last_check, queue, "
        + "sessions, session_limit, weight}"),
    ProbeResultField(
      "frontends", .list(.map(.string, .dyn)),
      "every frontend: {name, status, sessions, session_limit, denied_requests, request_rate}"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    let source: String
    let text: String
    switch fetch(request) {
    case .success(let fetched): (source, text) = fetched
    case .failure(let failure): return .failure(failure.message)
    }
    guard let stats = HAProxyStats(text) else { return .failure("\(source) did not return HAProxy's CSV statistics") }
    let name: String
    if let wanted = request.nonEmptyString("backend") {
      name = wanted
    } else {
      let candidates = stats.backendsWithServers
      guard candidates.count == 1 else {
        return .failure(
          candidates.isEmpty
            ? "HAProxy has no backend with servers"
            : "HAProxy has several backends (\(candidates.joined(separator: ", "))): set backend")
      }
      name = candidates[0]
    }
    guard let backend = stats.rows.first(where: { $0.isBackend && $0.proxy == name }) else {
      let known = stats.rows.filter(\.isBackend).map(\.proxy).joined(separator: ", ")
      return .failure("HAProxy has no backend '\(name)' (backends: \(known))")
    }
    let servers = stats.rows.filter { $0.isServer && $0.proxy == name }
    let frontends = stats.rows.filter(\.isFrontend)
    let result = CELValue.record([
      (
        "backend",
        .record([
          ("name", .string(name)), ("status", .string(backend["status"])),
          ("active_servers", .integer(backend.int("act"))), ("backup_servers", .integer(backend.int("bck"))),
          ("queue", .integer(backend.int("qcur"))), ("sessions", .integer(backend.int("scur"))),
          ("session_limit", .integer(backend.int("slim"))),
        ])
      ),
      (
        "servers",
        .list(
          servers.map { server in
            .record([
              ("name", .string(server.service)), ("status", .string(server["status"])),
              ("check_status", .string(Self.checkStatus(server["check_status"]))),
              ("check_running", .bool(server["check_status"].hasPrefix("* "))),
              ("check_code", .integer(server.int("check_code"))),
              ("check_description", .string(server["check_desc"])), ("last_check", .string(server["last_chk"])),
              ("queue", .integer(server.int("qcur"))), ("sessions", .integer(server.int("scur"))),
              ("session_limit", .integer(server.int("slim"))), ("weight", .integer(server.int("weight"))),
            ])
          })
      ),
      (
        "frontends",
        .list(
          frontends.map { frontend in
            .record([
              ("name", .string(frontend.proxy)), ("status", .string(frontend["status"])),
              ("sessions", .integer(frontend.int("scur"))), ("session_limit", .integer(frontend.int("slim"))),
              ("denied_requests", .integer(frontend.int("dreq"))), ("request_rate", .integer(frontend.int("req_rate"))),
            ])
          })
      ),
    ])
    let serverSummary = servers.map { "\($0.service) \($0["status"])" }.joined(separator: ", ")
    let evidence =
      "\(source): backend \(name) \(backend["status"]), \(backend.int("act")) active, "
      + "queue \(backend.int("qcur")), sessions \(backend.int("scur"))/\(backend.int("slim")); \(serverSummary)"
    return .result(result, evidence: evidence)
  }

  /// A reason; a timeout starts with "timed out", as the runner reports timeouts.
  /// A server's check status without the `* ` HAProxy puts before it while a check is running.
  static func checkStatus(_ text: String) -> String {
    text.hasPrefix("* ") ? String(text.dropFirst(2)) : text
  }

  private static func describe(_ error: SocketConnection.Failure, source: String) -> String {
    if case .timeout = error { return "timed out reading \(source)" }
    return "\(source): \(error)"
  }

  private struct FetchFailure: Error {
    var message: String
  }

  /// The CSV text and where it came from.
  private static func fetch(_ request: ProbeRequest) -> Result<(String, String), FetchFailure> {
    let limit = 8 << 20
    if let path = request.nonEmptyString("socket") {
      do {
        let connection = try SocketConnection.connect(unixPath: path, deadline: request.workDeadline)
        try connection.write(Array("show stat\n".utf8))
        let (bytes, truncated) = try connection.readAll(limit: limit)
        if truncated { return .failure(FetchFailure(message: "stats socket \(path): answer too large")) }
        return .success(("stats socket \(path)", String(decoding: bytes, as: UTF8.self)))
      } catch {
        return .failure(FetchFailure(message: describe(error, source: "stats socket \(path)")))
      }
    }
    guard let text = request.nonEmptyString("url") else {
      return .failure(FetchFailure(message: "haproxy probe needs a stats socket or a stats url"))
    }
    guard let url = HTTPClient.URLParts(text), url.scheme == "http" else {
      return .failure(FetchFailure(message: "haproxy stats url must be http://…: \(text)"))
    }
    do {
      let response = try HTTPClient.send(
        method: "GET", url: url, headers: [], body: [], maximumBody: limit, deadline: request.workDeadline)
      guard response.status == 200 else {
        return .failure(FetchFailure(message: "stats url \(text) answered \(response.status)"))
      }
      return .success(("stats url \(text)", String(decoding: response.body, as: UTF8.self)))
    } catch {
      return .failure(FetchFailure(message: describe(error, source: "stats url \(text)")))
    }
  }
}
