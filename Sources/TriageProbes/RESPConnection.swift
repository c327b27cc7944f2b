/// A Redis connection speaking RESP2 over ``SocketConnection``; every read honours its deadline.
final class RESPConnection {
  /// A reply.
  indirect enum Reply {
    case simple(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8]?)
    case array([Reply]?)

    /// The reply as text (simple or bulk strings).
    var text: String? {
      switch self {
      case .simple(let text): text
      case .bulk(let bytes?): String(decoding: bytes, as: UTF8.self)
      default: nil
      }
    }
  }

  private let connection: SocketConnection
  private var buffer: [UInt8] = []
  private var offset = 0

  /// Replies larger than this are refused (INFO is a few kilobytes): the bytes of all its bulk
  /// strings together, and of what is buffered.
  static let maximumReply = 4 << 20
  /// A reply with more elements than this (all nesting levels together) is refused.
  static let maximumElements = 65536

  /// What the reply being read may still hold.
  private var bytesLeft = 0
  private var elementsLeft = 0

  init(_ connection: SocketConnection) { self.connection = connection }

  /// Sends commands in one write (pipelined).
  func send(_ commands: [[String]]) throws(SocketConnection.Failure) {
    var bytes: [UInt8] = []
    for command in commands {
      bytes += Array("*\(command.count)\r\n".utf8)
      for argument in command {
        let utf8 = Array(argument.utf8)
        bytes += Array("$\(utf8.count)\r\n".utf8) + utf8 + [13, 10]
      }
    }
    try connection.write(bytes)
  }

  /// Reads one reply.
  func reply(depth: Int = 0) throws(SocketConnection.Failure) -> Reply {
    guard depth < 8 else { throw .other("reply nested too deeply") }
    if depth == 0 {
      bytesLeft = Self.maximumReply
      elementsLeft = Self.maximumElements
    }
    elementsLeft -= 1
    guard elementsLeft >= 0 else { throw .other("reply has too many elements") }
    let line = try readLine()
    guard let kind = line.first else { throw .other("empty reply") }
    let rest = String(decoding: line.dropFirst(), as: UTF8.self)
    switch kind {
    case UInt8(ascii: "+"): return .simple(rest)
    case UInt8(ascii: "-"): return .error(rest)
    case UInt8(ascii: ":"): return .integer(Int64(rest) ?? 0)
    case UInt8(ascii: "$"):
      guard let length = Int(rest), length <= bytesLeft else { throw .other("bad or too large bulk length") }
      if length < 0 { return .bulk(nil) }
      bytesLeft -= length
      let bytes = try readExactly(length + 2)
      return .bulk(Array(bytes.prefix(length)))
    case UInt8(ascii: "*"):
      guard let count = Int(rest), count <= min(4096, elementsLeft) else {
        throw .other("bad or too large array length")
      }
      if count < 0 { return .array(nil) }
      var items: [Reply] = []
      for _ in 0..<count { items.append(try reply(depth: depth + 1)) }
      return .array(items)
    default:
      throw .other("not a Redis reply")
    }
  }

  private func fill() throws(SocketConnection.Failure) {
    // Compacted only once half the buffer is consumed: linear however small the reads.
    if offset > 0, offset * 2 >= buffer.count {
      buffer.removeFirst(offset)
      offset = 0
    }
    let chunk = try connection.read()
    if chunk.isEmpty { throw .reset }
    buffer += chunk
    if buffer.count - offset > Self.maximumReply + 65536 { throw .other("reply too large") }
  }

  private func readLine() throws(SocketConnection.Failure) -> ArraySlice<UInt8> {
    while true {
      if let end = buffer[offset...].firstIndex(of: 10), end > offset, buffer[end - 1] == 13 {
        let line = buffer[offset..<(end - 1)]
        offset = end + 1
        return line
      }
      try fill()
    }
  }

  private func readExactly(_ count: Int) throws(SocketConnection.Failure) -> ArraySlice<UInt8> {
    while buffer.count - offset < count { try fill() }
    let bytes = buffer[offset..<(offset + count)]
    offset += count
    return bytes
  }
}
