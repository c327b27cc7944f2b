import Foundation
import TriageCEL

/// A small HTTP/1.1 client over ``SocketConnection``: one request, `Connection: close`, body capped.
struct HTTPClient {
  struct Response {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var truncated: Bool
    /// For `https`: the session and the server's certificate, as result fields.
    var tls: [(String, CELValue)]?
  }

  struct URLParts {
    var scheme: String
    var host: String
    var port: Int
    var target: String

    init?(_ text: String) {
      // No space or control character anywhere: a literal one belongs encoded (%20), and CR/LF
      // would end the request line and start another request.
      guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
        let schemeEnd = text.range(of: "://")
      else { return nil }
      scheme = text[..<schemeEnd.lowerBound].lowercased()
      let rest = text[schemeEnd.upperBound...]
      let authority = rest.prefix { $0 != "/" && $0 != "?" }
      target = rest.count > authority.count ? String(rest.dropFirst(authority.count)) : "/"
      if target.hasPrefix("?") { target = "/" + target }
      let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
      if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
        host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
        let after = hostPort[hostPort.index(after: close)...]
        port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? -1 : (scheme == "https" ? 443 : 80)
      } else if let colon = hostPort.lastIndex(of: ":") {
        host = String(hostPort[..<colon])
        port = Int(hostPort[hostPort.index(after: colon)...]) ?? -1
      } else {
        host = hostPort
        port = scheme == "https" ? 443 : 80
      }
      guard !host.isEmpty, (1...65535).contains(port), scheme == "http" || scheme == "https" else { return nil }
    }

    var hostHeader: String {
      let defaultPort = scheme == "https" ? 443 : 80
      let name = host.contains(":") ? "[\(host)]" : host
      return port == defaultPort ? name : "\(name):\(port)"
    }
  }

  /// Sends one request and reads the response, over TLS for `https` (certificates verified unless
  /// `verifyTLS` is false).
  static func send(
    method: String, url: URLParts, headers: [(String, String)], body: [UInt8], maximumBody: Int,
    deadline: ContinuousClock.Instant, verifyTLS: Bool = true
  ) throws(SocketConnection.Failure) -> Response {
    let socket = try SocketConnection.connect(host: url.host, port: url.port, deadline: deadline)
    // Without verification the outcome is still reported (`result.tls.verified`), never enforced.
    let session =
      url.scheme == "https"
      ? try TLSConnection(over: socket, host: url.host, verification: verifyTLS ? .enforced : .reported) : nil
    let connection: any ByteStream = session ?? socket
    let tls = session?.summary().fields(now: Int64(time(nil)))
    var head = "\(method) \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nConnection: close\r\n"
    head += "User-Agent: triage\r\nAccept: */*\r\n"
    for (name, value) in headers where !name.contains("\r") && !value.contains("\r") && !value.contains("\n") {
      head += "\(name): \(value)\r\n"
    }
    if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
    head += "\r\n"
    try connection.write(Array(head.utf8) + body)
    var buffer: [UInt8] = []
    var headerEnd: Int?
    while headerEnd == nil {
      let chunk = try connection.read()
      if chunk.isEmpty { throw .reset }
      // Only the new bytes (and the three before them) can complete the blank line: linear.
      let from = max(0, buffer.count - 3)
      buffer += chunk
      headerEnd = find([13, 10, 13, 10], in: buffer, from: from)
      if headerEnd == nil, buffer.count > 65536 { throw .other("response headers too large") }
    }
    guard let end = headerEnd else { throw .reset }
    let headText = String(decoding: buffer[..<end], as: UTF8.self)
    var lines = headText.components(separatedBy: "\r\n")
    let statusLine = lines.removeFirst().split(separator: " ")
    guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
      throw .other("not an HTTP response")
    }
    let parsedHeaders = lines.compactMap { line -> (name: String, value: String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (
        line[..<colon].lowercased(), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
      )
    }
    var bodyBytes = Array(buffer[(end + 4)...])
    var truncated = false
    let length = parsedHeaders.first { $0.name == "content-length" }.flatMap { Int($0.value) }
    let chunked = parsedHeaders.contains { $0.name == "transfer-encoding" && $0.value.lowercased().contains("chunked") }
    if method != "HEAD", status != 204, status != 304 {
      while bodyBytes.count < min(length ?? Int.max, maximumBody + 1) {
        let chunk = try connection.read()
        if chunk.isEmpty { break }
        bodyBytes += chunk
      }
    }
    if chunked { bodyBytes = dechunk(bodyBytes) }
    if bodyBytes.count > maximumBody {
      bodyBytes = Array(bodyBytes.prefix(maximumBody))
      truncated = true
    }
    return Response(status: status, headers: parsedHeaders, body: bodyBytes, truncated: truncated, tls: tls)
  }

  /// The index of the first `needle` in `haystack` at or after `from`, without copying.
  static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
    guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
    var index = from
    while index <= haystack.count - needle.count {
      if haystack[index] == needle[0] {
        var offset = 1
        while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
        if offset == needle.count { return index }
      }
      index += 1
    }
    return nil
  }

  /// The body of a chunked response, in one pass over the bytes (each chunk-size line is read
  /// where it starts; nothing is copied but the data).
  static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      guard let lineEnd = find([13, 10], in: bytes, from: index), lineEnd - index <= 1024 else { break }
      var size = 0
      var digits = 0
      for byte in bytes[index..<lineEnd] {
        guard let digit = hexValue(byte), digits < 15 else { break }
        size = size * 16 + digit
        digits += 1
      }
      guard digits > 0, size > 0 else { break }
      let start = lineEnd + 2
      output += bytes[start..<min(bytes.count, start + size)]
      index = start + size + 2
    }
    return output
  }

  private static func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
  }
}
