import TriageCore

#if canImport(Glibc)
  import Glibc
#endif

/// TCP sockets from the kernel's `sock_diag` netlink interface — what `ss -t` asks. Unlike
/// `/proc/net/tcp` it reports a listener's accept-queue limit (`ss`'s Send-Q), and one dump costs
/// far less than reading the text table; it needs no privileges.
enum SocketDiag {
  /// A socket.
  struct Socket {
    /// The kernel's TCP state (1 established, 10 listen).
    var state: Int
    var address: String
    var port: Int
    /// For a listener: connections waiting to be accepted (Recv-Q).
    var acceptQueue: Int
    /// For a listener: the accept queue's limit (Send-Q: `listen`'s backlog, capped by somaxconn).
    var backlog: Int
    var inode: Int
  }

  private static let sockDiagByFamily: UInt16 = 20
  private static let netlinkSockDiag: Int32 = 4

  /// Every TCP socket (IPv4 and IPv6) in one of `states` (TCP state numbers); nil when netlink
  /// cannot be asked.
  static func sockets(states: [Int], deadline: ContinuousClock.Instant) -> [Socket]? {
    let descriptor = Glibc.socket(
      AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkSockDiag)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    let mask = states.reduce(UInt32(0)) { $0 | UInt32(1) << UInt32($1) }
    var sockets: [Socket] = []
    for (sequence, family) in [AF_INET, AF_INET6].enumerated() {
      guard send(request(family: UInt8(family), states: mask, sequence: UInt32(sequence + 1)), on: descriptor),
        let found = receive(on: descriptor, deadline: deadline)
      else { return nil }
      sockets += found
    }
    return sockets
  }

  private static func request(family: UInt8, states: UInt32, sequence: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    append(UInt32(16 + 56))
    append(sockDiagByFamily)
    append(UInt16(0x301))  // NLM_F_REQUEST | NLM_F_DUMP
    append(sequence)
    append(UInt32(0))
    bytes += [family, UInt8(IPPROTO_TCP), 0, 0]
    append(states)
    bytes += [UInt8](repeating: 0, count: 48)
    return bytes
  }

  /// Sends to the kernel (an unconnected netlink socket's default destination).
  private static func send(_ message: [UInt8], on descriptor: Int32) -> Bool {
    message.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) } == message.count
  }

  private static func receive(on descriptor: Int32, deadline: ContinuousClock.Instant) -> [Socket]? {
    var sockets: [Socket] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let left = deadline - .now
      guard left > .zero else { return nil }
      var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let status = poll(&ready, 1, Int32(max(1, left.milliseconds.rounded(.up))))
      if status < 0, errno == EINTR { continue }
      guard status > 0 else { return nil }
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { return nil }
      var offset = 0
      while offset + 16 <= count {
        let length = Int(load(UInt32.self, buffer, offset))
        let type = load(UInt16.self, buffer, offset + 4)
        guard length >= 16, offset + length <= count else { return nil }
        switch type {
        case 3: return sockets  // NLMSG_DONE
        case 2: return nil  // NLMSG_ERROR
        case sockDiagByFamily where length >= 16 + 72:
          sockets.append(decode(buffer, at: offset + 16))
        default: break
        }
        offset += (length + 3) & ~3
      }
    }
  }

  private static func decode(_ bytes: [UInt8], at start: Int) -> Socket {
    let family = Int32(bytes[start])
    let port = Int(bytes[start + 4]) << 8 | Int(bytes[start + 5])
    let source = Array(bytes[(start + 8)..<(start + 24)])
    let address =
      family == AF_INET ? source.prefix(4).map(String.init).joined(separator: ".") : ProcNetTCP.formatIPv6(source)
    return Socket(
      state: Int(bytes[start + 1]), address: address, port: port,
      acceptQueue: Int(load(UInt32.self, bytes, start + 56)),
      backlog: Int(load(UInt32.self, bytes, start + 60)), inode: Int(load(UInt32.self, bytes, start + 68)))
  }

  private static func load<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], _ offset: Int) -> T {
    bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
  }
}
