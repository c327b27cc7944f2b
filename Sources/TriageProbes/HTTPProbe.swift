import Foundation
import TriageCEL
import TriageCore

/// `http`: one request (or `attempts` in a row) → `ok`, `status`, `headers` (lower-case names),
/// `body` (capped), `latency_ms`, `error` (refused, timeout, dns, tls, reset, other), and
/// `statuses`, the status of every attempt (0 when no response came).
///
/// With several attempts, the fields describe the first attempt that got a 5xx or no response
/// (the most telling one, as intermittent errors are the usual shape of a 503), otherwise the last.
/// With a `timeout`, an attempt after the first starts only when that much time is left.
public enum HTTPProbe: ProbeKind {
  public static let identifier = "http"
  public static let parameters = [
    ProbeParameter("url", .string, required: true, "http:// or https:// URL"),
    ProbeParameter("method", .string, "request method (default GET)"),
    ProbeParameter("headers", .map, "request headers"),
    ProbeParameter("body", .string, "request body"),
    ProbeParameter("follow_redirects", .bool, "follow up to 5 redirects (default false)"),
    ProbeParameter("verify_tls", .bool, "verify TLS certificates (default true)"),
    ProbeParameter("max_body", .int, "bytes of body kept (default 65536)"),
    ProbeParameter("attempts", .int, "requests in a row, 1 to 20 (default 1)"),
    ProbeParameter("parse", .string, "parse the body into result.parsed: \(OutputParser.names)"),
    ProbeParameter("regex", .string, "the pattern of parse: regex (named groups)"),
    ProbeParameter(
      "timeout", .string,
      "how long to wait for the answer, shorter than the probe's timeout: past it the probe observes error 'timeout' (default: none; running out of the probe's own time leaves its facts unknown)"
    ),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("ok", .bool, "a response arrived (any status)"),
    ProbeResultField("status", .int, "the HTTP status; 0 when no response arrived"),
    ProbeResultField(
      "headers", .map(.string, .string),
      "response headers, names in lower case; repeated headers joined with \", \""),
    ProbeResultField("body", .string, "the body, cut at max_body bytes"),
    ProbeResultField("latency_ms", .double, "time to the response (or to the failure)"),
    ProbeResultField(
      "error", .string, "\"\" when a response arrived, else refused, timeout, dns, tls, reset or other"),
    ProbeResultField("statuses", .list(.int), "the status of every attempt, 0 when no response came"),
    ProbeResultField(
      "parsed", .dyn, "only with parse: the body parsed (left out, with parse_error, when it does not parse)"),
    ProbeResultField("parse_error", .string, "only with parse, when the body does not parse: why"),
    ProbeResultField(
      "tls", .map(.string, .dyn),
      "only for https with a response: the session and the certificate, as the tls kind reports them (protocol, "
        + "verified, verify_error, days_left, not_after, san …)"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    let parser: OutputParser?
    do { parser = try request.outputParser() } catch { return .failure(error.message) }
    let attempts = max(1, min(request.int("attempts") ?? 1, 20))
    var chosen: (result: CELValue, evidence: String)?
    var statuses: [CELValue] = []
    let window = request.duration("timeout")
    for index in 0..<attempts where request.remaining > .zero {
      // A further attempt starts only if its whole answer window fits before the deadline: one
      // cut short would not be an observation (and would cost the attempts that completed).
      if index > 0, let window, request.remaining <= window { break }
      let outcome = attempt(request.answerWindow(), parsingWith: parser)
      guard case .result(let result, let evidence) = outcome else { return outcome }
      let status = result.mapValue?[.string("status")]?.intValue ?? 0
      statuses.append(.int(status))
      if chosen.map({ isTelling($0.result) }) != true { chosen = (result, evidence) }
    }
    guard var (result, evidence) = chosen, case .map(var map) = result else {
      return .failure("timed out before the first request")
    }
    map[.string("statuses")] = .list(statuses)
    result = .map(map)
    if attempts > 1 {
      evidence += " (statuses of \(statuses.count) attempts: \(statuses.map(\.description).joined(separator: ", ")))"
    }
    return .result(result, evidence: evidence)
  }

  /// The characters of an HTTP token (RFC 9110): method and header names.
  static let tokenCharacters = Set(
    "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".unicodeScalars)

  /// A 5xx or a failed request tells more about a 503 than a success.
  private static func isTelling(_ result: CELValue) -> Bool {
    let status = result.mapValue?[.string("status")]?.intValue ?? 0
    return status == 0 || status >= 500
  }

  static func attempt(_ request: ProbeRequest, parsingWith parser: OutputParser?) -> ProbeOutcome {
    guard let text = request.string("url"), var url = HTTPClient.URLParts(text) else {
      return .failure("http probe needs a valid http:// or https:// url (no spaces or control characters)")
    }
    let method = (request.string("method") ?? "GET").uppercased()
    guard !method.isEmpty, method.unicodeScalars.allSatisfy({ Self.tokenCharacters.contains($0) }) else {
      return .failure("http probe method '\(method.prefix(20))' is not an HTTP method name")
    }
    for (name, value) in request.stringMap("headers")
    where name.isEmpty || !name.unicodeScalars.allSatisfy({ Self.tokenCharacters.contains($0) })
      || value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F })
    {
      return .failure("http probe header '\(name.prefix(40))' has a character a header cannot hold")
    }
    let maximumBody = max(0, min(request.int("max_body") ?? 65536, 16 << 20))
    let redirects = request.bool("follow_redirects") == true ? 5 : 0
    let verifyTLS = request.bool("verify_tls") ?? true
    let start = ContinuousClock.now
    do {
      var response = try HTTPClient.send(
        method: method, url: url, headers: request.stringMap("headers"),
        body: Array((request.string("body") ?? "").utf8),
        maximumBody: maximumBody, deadline: request.deadline, verifyTLS: verifyTLS)
      var hops = 0
      while hops < redirects, (300..<400).contains(response.status),
        let location = response.headers.first(where: { $0.name == "location" })?.value,
        let next = HTTPClient.URLParts(
          location.hasPrefix("/") ? "\(url.scheme)://\(url.hostHeader)\(location)" : location),
        // Never from https down to http.
        next.scheme == "https" || url.scheme == "http"
      {
        url = next
        hops += 1
        response = try HTTPClient.send(
          method: "GET", url: url, headers: request.stringMap("headers"), body: [], maximumBody: maximumBody,
          deadline: request.deadline, verifyTLS: verifyTLS)
      }
      let latency = ContinuousClock.now - start
      var fields = result(
        status: response.status, headers: response.headers, body: response.body, latency: latency, error: "")
      if case .map(var map) = fields {
        if let parser {
          let (name, value) = request.parsedFields(of: response.body, with: parser)
          map[.string(name)] = value
        }
        if let tls = response.tls { map[.string("tls")] = .record(tls) }
        fields = .map(map)
      }
      return .result(fields, evidence: "\(method) \(text) → \(response.status) in \(Int(latency.milliseconds)) ms")
    } catch {
      return .result(
        result(status: 0, headers: [], body: [], latency: ContinuousClock.now - start, error: error.kind),
        evidence: "\(method) \(text): \(error)")
    }
  }

  static func result(
    status: Int, headers: [(name: String, value: String)], body: [UInt8], latency: Duration, error: String
  ) -> CELValue {
    var merged: [(String, String)] = []
    for (name, value) in headers {
      if let index = merged.firstIndex(where: { $0.0 == name }) {
        merged[index].1 += ", " + value
      } else {
        merged.append((name, value))
      }
    }
    return .record([
      ("ok", .bool(error.isEmpty)), ("status", .integer(status)),
      ("headers", .map(CELMap(merged.map { (.string($0.0), .string($0.1)) }))),
      ("body", .string(String(decoding: body, as: UTF8.self))), ("latency_ms", .milliseconds(latency)),
      ("error", .string(error)),
    ])
  }
}
