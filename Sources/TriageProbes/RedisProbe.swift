import TriageCEL
import TriageCore

/// `redis`: `redis-cli ping` and the server's client and memory figures → `ping`, `error` (`""`,
/// `refused`, `timeout`, `dns`, `reset`, `auth`, `maxclients` — the server turned the connection
/// away, `loading`, `other`), `connected_clients`, `maxclients`, `blocked_clients`, `used_memory`,
/// `maxmemory`, `rejected_connections`, `version`.
///
/// Sends only `AUTH` (when a password is given), `PING`, `INFO clients|memory|stats|server` and,
/// if INFO lacks `maxclients`, `CONFIG GET maxclients`: never a writing command. The password
/// comes from the URL or, taking precedence, the environment variable `password_env`; it never
/// appears in evidence. An unreachable or refusing server is an observation (`ping: false`).
public enum RedisProbe: ProbeKind {
  public static let identifier = "redis"
  public static let parameters = [
    ProbeParameter(
      "url", .string, required: true,
      "a redis:// URL: host, port and database number; a user and password in it are redacted everywhere"),
    ProbeParameter("password_env", .string, "environment variable holding the password"),
    ProbeParameter(
      "timeout", .string,
      "how long to wait for the answer, shorter than the probe's timeout: past it the probe observes error 'timeout' (default: none; running out of the probe's own time leaves its facts unknown)"
    ),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("ping", .bool, "the server answered PING with PONG"),
    ProbeResultField(
      "error", .string, "\"\", refused, timeout, dns, reset, auth, maxclients, loading or other"),
    ProbeResultField("connected_clients", .int, "connected clients (INFO clients); 0 when ping is false"),
    ProbeResultField("maxclients", .int, "the maxclients limit"),
    ProbeResultField("blocked_clients", .int, "clients blocked in a blocking command"),
    ProbeResultField("used_memory", .int, "bytes of memory used (INFO memory)"),
    ProbeResultField("maxmemory", .int, "the maxmemory limit in bytes; 0: none"),
    ProbeResultField("rejected_connections", .int, "connections rejected because of maxclients (INFO stats)"),
    ProbeResultField("version", .string, "the server's redis_version; \"\" when ping is false"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let text = request.nonEmptyString("url"), let url = RedisURL(text) else {
      return .failure("redis probe needs a redis://host:port url")
    }
    guard !url.tls else { return .failure("rediss:// (TLS) is not supported by the redis probe") }
    var password = url.password
    if let name = request.nonEmptyString("password_env"), let value = request.environment[name], !value.isEmpty {
      password = value
    }
    let deadline = min(request.workDeadline, request.answerWindow().deadline)
    let endpoint = url.endpoint
    var info: [String: String] = [:]
    do {
      let connection = RESPConnection(try SocketConnection.connect(host: url.host, port: url.port, deadline: deadline))
      if let password {
        try connection.send([["AUTH"] + (url.user.map { [$0] } ?? []) + [password]])
        if case .error(let message) = try connection.reply(), !message.contains("without any password configured") {
          return unanswered(classify(message), endpoint: endpoint, detail: "AUTH refused")
        }
      }
      try connection.send([["PING"]])
      let pong = try connection.reply()
      if case .error(let message) = pong {
        return unanswered(classify(message), endpoint: endpoint, detail: firstWords(message))
      }
      guard pong.text == "PONG" else { return unanswered("other", endpoint: endpoint, detail: "unexpected PING reply") }
      let sections = ["clients", "memory", "stats", "server"]
      try connection.send(sections.map { ["INFO", $0] })
      for _ in sections {
        if let text = try connection.reply().text { info.merge(parseInfo(text)) { first, _ in first } }
      }
      if info["maxclients"] == nil {
        try connection.send([["CONFIG", "GET", "maxclients"]])
        if case .array(let items?) = try connection.reply(), items.count == 2 { info["maxclients"] = items[1].text }
      }
    } catch {
      return unanswered(error.kind, endpoint: endpoint, detail: "\(error)")
    }
    func number(_ key: String) -> CELValue { .integer(Int64(info[key] ?? "") ?? 0) }
    let result = CELValue.record([
      ("ping", .bool(true)), ("error", .string("")), ("connected_clients", number("connected_clients")),
      ("maxclients", number("maxclients")), ("blocked_clients", number("blocked_clients")),
      ("used_memory", number("used_memory")), ("maxmemory", number("maxmemory")),
      ("rejected_connections", number("rejected_connections")), ("version", .string(info["redis_version"] ?? "")),
    ])
    let evidence =
      "PING \(endpoint) → PONG; \(info["connected_clients"] ?? "?")/\(info["maxclients"] ?? "?") clients, "
      + "\(info["rejected_connections"] ?? "?") rejected, memory \(info["used_memory"] ?? "?")/\(info["maxmemory"] ?? "?")"
    return .result(result, evidence: evidence)
  }

  private static func unanswered(_ error: String, endpoint: String, detail: String) -> ProbeOutcome {
    let zero = CELValue.int(0)
    return .result(
      .record([
        ("ping", .bool(false)), ("error", .string(error)), ("connected_clients", zero), ("maxclients", zero),
        ("blocked_clients", zero), ("used_memory", zero), ("maxmemory", zero), ("rejected_connections", zero),
        ("version", .string("")),
      ]), evidence: "PING \(endpoint): \(detail)")
  }

  /// The error class of a Redis error reply.
  static func classify(_ message: String) -> String {
    let upper = message.uppercased()
    if upper.hasPrefix("NOAUTH") || upper.hasPrefix("WRONGPASS") || upper.contains("INVALID PASSWORD")
      || upper.hasPrefix("NOPERM") || upper.contains("AUTHENTICATION")
    {
      return "auth"
    }
    if upper.contains("MAX NUMBER OF CLIENTS") { return "maxclients" }
    if upper.hasPrefix("LOADING") { return "loading" }
    return "other"
  }

  /// `key:value` lines of an INFO reply.
  static func parseInfo(_ text: String) -> [String: String] {
    var values: [String: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      values[String(line[..<colon])] = String(line[line.index(after: colon)...])
    }
    return values
  }

  private static func firstWords(_ message: String) -> String { String(message.prefix(120)) }
}
