/// The kernel's TCP socket tables (`/proc/net/tcp`, `/proc/net/tcp6`), as `ss -tan` reads them.
struct ProcNetTCP {
  /// One socket.
  struct Entry {
    var localAddress: String
    var localPort: Int
    var remoteAddress: String
    var remotePort: Int
    /// The kernel's TCP state number (`0A` listen, `01` established).
    var state: Int
    /// For a listening socket: the accept-queue limit (the backlog).
    var txQueue: Int
    /// For a listening socket: connections waiting in the accept queue.
    var rxQueue: Int
    var inode: Int
  }

  static let listen = 0x0A
  static let established = 0x01

  /// The sockets of both tables; a table that cannot be read is skipped (IPv6 may be off).
  static func entries(root: String = "/proc") -> (entries: [Entry], readable: Bool) {
    read(root: root) { _ in true }
  }

  /// The listening sockets of both tables; only those lines are parsed (a busy host's tables hold
  /// thousands of connections).
  static func listeners(root: String = "/proc") -> (entries: [Entry], readable: Bool) {
    read(root: root, keeping: stateIsListen)
  }

  private static func read(
    root: String, keeping keep: (ArraySlice<UInt8>) -> Bool
  ) -> (entries: [Entry], readable: Bool) {
    var entries: [Entry] = []
    var readable = false
    for (file, isIPv6) in [("net/tcp", false), ("net/tcp6", true)] {
      guard let bytes = ProcessTable.readSmallFile("\(root)/\(file)", limit: 256 << 20) else { continue }
      readable = true
      for line in bytes.split(separator: UInt8(ascii: "\n")).dropFirst() where keep(line) {
        if let entry = parse(Substring(String(decoding: line, as: UTF8.self)), ipv6: isIPv6) { entries.append(entry) }
      }
    }
    return (entries, readable)
  }

  /// Whether a table line's fourth field (`st`) is `0A`, read without decoding the line.
  private static func stateIsListen(_ line: ArraySlice<UInt8>) -> Bool {
    var field = 0
    var index = line.startIndex
    while index < line.endIndex {
      while index < line.endIndex, line[index] == UInt8(ascii: " ") { index += 1 }
      guard index < line.endIndex else { return false }
      if field == 3 {
        return index + 1 < line.endIndex && line[index] == UInt8(ascii: "0") && line[index + 1] == UInt8(ascii: "A")
          && (index + 2 == line.endIndex || line[index + 2] == UInt8(ascii: " "))
      }
      while index < line.endIndex, line[index] != UInt8(ascii: " ") { index += 1 }
      field += 1
    }
    return false
  }

  /// Parses one table line: `sl local rem st tx:rx tr:when retrnsmt uid timeout inode …`.
  static func parse(_ line: Substring, ipv6: Bool) -> Entry? {
    let fields = line.split(whereSeparator: \.isWhitespace)
    guard fields.count >= 10, let local = endpoint(fields[1], ipv6: ipv6), let remote = endpoint(fields[2], ipv6: ipv6),
      let state = Int(fields[3], radix: 16)
    else { return nil }
    let queues = fields[4].split(separator: ":")
    guard queues.count == 2, let tx = Int(queues[0], radix: 16), let rx = Int(queues[1], radix: 16) else { return nil }
    return Entry(
      localAddress: local.address, localPort: local.port, remoteAddress: remote.address, remotePort: remote.port,
      state: state, txQueue: tx, rxQueue: rx, inode: Int(fields[9]) ?? 0)
  }

  /// `0100007F:1F40` → ("127.0.0.1", 8000); IPv6 addresses are four host-order 32-bit words.
  static func endpoint(_ text: Substring, ipv6: Bool) -> (address: String, port: Int)? {
    let parts = text.split(separator: ":")
    guard parts.count == 2, let port = Int(parts[1], radix: 16) else { return nil }
    let hex = Array(parts[0].utf8)
    guard hex.count == (ipv6 ? 32 : 8) else { return nil }
    var bytes: [UInt8] = []
    for word in stride(from: 0, to: hex.count, by: 8) {
      var wordBytes: [UInt8] = []
      for offset in stride(from: 0, to: 8, by: 2) {
        guard let byte = UInt8(String(decoding: hex[(word + offset)..<(word + offset + 2)], as: UTF8.self), radix: 16)
        else { return nil }
        wordBytes.append(byte)
      }
      bytes += wordBytes.reversed()
    }
    return (ipv6 ? formatIPv6(bytes) : bytes.map(String.init).joined(separator: "."), port)
  }

  /// RFC 5952 text of an IPv6 address; IPv4-mapped addresses as `::ffff:a.b.c.d`.
  static func formatIPv6(_ bytes: [UInt8]) -> String {
    if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
      return "::ffff:" + bytes[12...].map(String.init).joined(separator: ".")
    }
    let words = stride(from: 0, to: 16, by: 2).map { Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]) }
    var bestStart = -1
    var bestLength = 0
    var index = 0
    while index < 8 {
      if words[index] == 0 {
        var end = index
        while end < 8, words[end] == 0 { end += 1 }
        if end - index > bestLength, end - index >= 2 {
          bestStart = index
          bestLength = end - index
        }
        index = end
      } else {
        index += 1
      }
    }
    let hex = words.map { String($0, radix: 16) }
    guard bestStart >= 0 else { return hex.joined(separator: ":") }
    let head = hex[0..<bestStart].joined(separator: ":")
    let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
    return head + "::" + tail
  }
}
