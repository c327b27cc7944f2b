/// The FastCGI 1.0 records a responder request and its answer are made of.
enum FastCGIRecords {
  static let beginRequest: UInt8 = 1
  static let endRequest: UInt8 = 3
  static let params: UInt8 = 4
  static let stdin: UInt8 = 5
  static let stdout: UInt8 = 6
  static let stderr: UInt8 = 7
  static let requestID: UInt16 = 1

  /// BEGIN_REQUEST (responder, close the connection), PARAMS, the empty PARAMS and empty STDIN.
  static func request(_ parameters: [(String, String)]) -> [UInt8] {
    var bytes = record(beginRequest, [0, 1, 0, 0, 0, 0, 0, 0])
    var encoded: [UInt8] = []
    for (name, value) in parameters {
      encoded += length(name.utf8.count) + length(value.utf8.count) + Array(name.utf8) + Array(value.utf8)
    }
    var offset = 0
    while offset < encoded.count {
      let end = min(encoded.count, offset + 65535)
      bytes += record(params, Array(encoded[offset..<end]))
      offset = end
    }
    bytes += record(params, []) + record(stdin, [])
    return bytes
  }

  private static func record(_ type: UInt8, _ content: [UInt8]) -> [UInt8] {
    let padding = (8 - content.count % 8) % 8
    return [
      1, type, UInt8(requestID >> 8), UInt8(requestID & 0xFF), UInt8(content.count >> 8),
      UInt8(content.count & 0xFF), UInt8(padding), 0,
    ] + content + [UInt8](repeating: 0, count: padding)
  }

  private static func length(_ count: Int) -> [UInt8] {
    count < 128
      ? [UInt8(count)]
      : [
        UInt8((count >> 24) & 0x7F) | 0x80, UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF),
        UInt8(count & 0xFF),
      ]
  }

  /// Reads records until END_REQUEST (or the peer closes, or `limit` bytes of STDOUT arrived):
  /// the STDOUT bytes, and whether the answer was complete.
  static func readResponse(from connection: any ByteStream, limit: Int) throws(SocketConnection.Failure) -> (
    [UInt8], Bool
  ) {
    var buffer: [UInt8] = []
    var offset = 0
    var output: [UInt8] = []
    while true {
      while buffer.count - offset >= 8 {
        guard buffer[offset] == 1 else { throw .other("protocol: not a FastCGI 1.0 record") }
        let type = buffer[offset + 1]
        let contentLength = Int(buffer[offset + 4]) << 8 | Int(buffer[offset + 5])
        let total = 8 + contentLength + Int(buffer[offset + 6])
        guard buffer.count - offset >= total else { break }
        let content = buffer[(offset + 8)..<(offset + 8 + contentLength)]
        offset += total
        switch type {
        case stdout:
          output += content
          if output.count > limit { return (output, false) }
        case endRequest: return (output, true)
        default: break  // STDERR and unknown records: not part of the answer
        }
      }
      if offset > 0, offset * 2 >= buffer.count {
        buffer.removeFirst(offset)
        offset = 0
      }
      let chunk = try connection.read()
      if chunk.isEmpty { return (output, false) }
      buffer += chunk
      if buffer.count - offset > limit + 65536 + 8 { throw .other("protocol: record too large") }
    }
  }

  /// A CGI answer split into status (from `Status:`, else 200), headers and body.
  static func splitCGI(_ bytes: [UInt8]) -> (status: Int, headers: [(String, String)], body: [UInt8]) {
    let separators: [[UInt8]] = [[13, 10, 13, 10], [10, 10]]
    var headEnd = bytes.count
    var bodyStart = bytes.count
    for separator in separators {
      if let index = HTTPClient.find(separator, in: bytes), index < headEnd {
        headEnd = index
        bodyStart = index + separator.count
      }
    }
    let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
    var status = 200
    var headers: [(String, String)] = []
    for line in head.split(whereSeparator: \.isNewline) {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].drop { $0 == " " }
      if name == "status", let code = Int(value.prefix(3)) { status = code }
      headers.append((name, String(value)))
    }
    return (status, headers, Array(bytes[min(bodyStart, bytes.count)...]))
  }
}
