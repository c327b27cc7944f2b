import TriageCEL
import TriageCore

/// `fastcgi`: one request straight to a FastCGI application server (PHP-FPM's pool, where its
/// `pm.status_path` and `ping.path` pages answer even when no web server exposes them) →
/// `ok`, `status`, `headers` (lower-case names), `body` (capped at `max_body`), `parsed` (the body
/// through `parse`; left out, with `parse_error`, when it does not parse), `latency_ms`, `error`
/// (`refused`, `timeout`, `dns`, `reset`, `protocol`, `other`).
///
/// Speaks FastCGI 1.0 as a web server does (RESPONDER role, the CGI variables a status page
/// needs) over TCP (`address: host:port`) or a Unix socket (`address: /run/php/php-fpm.sock`).
/// A refused or silent pool is an observation, as for `http`.
public enum FastCGIProbe: ProbeKind {
  public static let identifier = "fastcgi"
  public static let parameters = [
    ProbeParameter("address", .string, required: true, "host:port, or the path of a Unix socket"),
    ProbeParameter("script", .string, required: true, "the script path asked for, such as /status or /ping"),
    ProbeParameter("query", .string, "the query string (PHP-FPM's status page: json, full)"),
    ProbeParameter("parse", .string, "parse the body into result.parsed: \(OutputParser.names)"),
    ProbeParameter("regex", .string, "the pattern of parse: regex (named groups)"),
    ProbeParameter("max_body", .int, "bytes of body kept (default 65536)"),
    ProbeParameter(
      "timeout", .string,
      "how long to wait for the answer, shorter than the probe's timeout: past it the probe observes error 'timeout'"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("ok", .bool, "a response arrived"),
    ProbeResultField("status", .int, "from the CGI Status header, else 200; 0 when no response arrived"),
    ProbeResultField("headers", .map(.string, .string), "response headers, names in lower case"),
    ProbeResultField("body", .string, "the body, cut at max_body bytes"),
    ProbeResultField("truncated", .bool, "the body was cut at max_body, or the answer ended early"),
    ProbeResultField("latency_ms", .double, "time to the response (or to the failure)"),
    ProbeResultField("error", .string, "\"\" when a response arrived, else refused, timeout, dns, reset or other"),
    ProbeResultField(
      "parsed", .dyn, "only with parse: the body parsed (left out, with parse_error, when it does not parse)"),
    ProbeResultField("parse_error", .string, "only with parse, when the body does not parse: why"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let address = request.nonEmptyString("address"), let script = request.nonEmptyString("script"),
      script.hasPrefix("/"), !script.unicodeScalars.contains(where: { $0.value <= 0x20 })
    else { return .failure("fastcgi probe needs an address and a script path such as /status") }
    let parser: OutputParser?
    do { parser = try request.outputParser() } catch { return .failure(error.message) }
    let query = request.string("query") ?? ""
    let maximumBody = max(0, min(request.int("max_body") ?? 65536, 16 << 20))
    let window = request.answerWindow()
    let start = ContinuousClock.now
    do {
      let connection =
        address.hasPrefix("/")
        ? try SocketConnection.connect(unixPath: address, deadline: window.deadline)
        : try connect(address, deadline: window.deadline)
      let params = [
        ("GATEWAY_INTERFACE", "CGI/1.1"), ("SERVER_PROTOCOL", "HTTP/1.1"), ("REQUEST_METHOD", "GET"),
        ("SCRIPT_NAME", script), ("SCRIPT_FILENAME", script),
        ("REQUEST_URI", query.isEmpty ? script : "\(script)?\(query)"),
        ("QUERY_STRING", query), ("SERVER_NAME", "triage"), ("REMOTE_ADDR", "127.0.0.1"),
      ]
      try connection.write(FastCGIRecords.request(params))
      let (stdout, complete) = try FastCGIRecords.readResponse(from: connection, limit: maximumBody + 65536)
      let response = FastCGIRecords.splitCGI(stdout)
      var body = response.body
      let truncated = body.count > maximumBody || !complete
      if body.count > maximumBody { body = Array(body.prefix(maximumBody)) }
      let latency = ContinuousClock.now - start
      var fields: [(String, CELValue)] = [
        ("ok", .bool(true)), ("status", .integer(response.status)),
        ("headers", .map(CELMap(response.headers.map { (.string($0.0), .string($0.1)) }))),
        ("body", .string(String(decoding: body, as: UTF8.self))), ("truncated", .bool(truncated)),
        ("latency_ms", .milliseconds(latency)), ("error", .string("")),
      ]
      // A page that answers something else (404 "File not found." when the status page is not
      // enabled) leaves `parsed` out and says why, as for `http`.
      if let parser { fields.append(request.parsedFields(of: body, with: parser)) }
      return .result(
        .record(fields),
        evidence: "FastCGI \(address) \(script) → \(response.status) in \(Int(latency.milliseconds)) ms")
    } catch {
      let kind = error.kind
      return .result(
        .record([
          ("ok", .bool(false)), ("status", .int(0)), ("headers", .map(CELMap([]))), ("body", .string("")),
          ("truncated", .bool(false)), ("latency_ms", .milliseconds(ContinuousClock.now - start)),
          ("error", .string(kind)),
        ]), evidence: "FastCGI \(address) \(script): \(error)")
    }
  }

  private static func connect(_ address: String, deadline: ContinuousClock.Instant) throws(SocketConnection.Failure)
    -> SocketConnection
  {
    guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
      (1...65535).contains(port)
    else { throw .other("the address must be host:port or a socket path, not '\(address)'") }
    var host = String(address[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return try SocketConnection.connect(host: host, port: port, deadline: deadline)
  }
}
