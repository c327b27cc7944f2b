#if canImport(Glibc)
  import Glibc
#endif

/// A blocking TCP or Unix-domain stream socket whose every operation honours a deadline.
final class SocketConnection {
  /// Why a socket operation failed, classified as operators think of it.
  enum Failure: Error, CustomStringConvertible {
    case dns(String)
    case refused
    case timeout
    case reset
    /// The TLS handshake or certificate verification failed.
    case tls(String)
    case other(String)

    /// The failure class used in probe results: `dns`, `refused`, `timeout`, `reset`, `tls`, `other`.
    var kind: String {
      switch self {
      case .dns: "dns"
      case .refused: "refused"
      case .timeout: "timeout"
      case .reset: "reset"
      case .tls: "tls"
      case .other: "other"
      }
    }

    var description: String {
      switch self {
      case .dns(let message): "cannot resolve host: \(message)"
      case .refused: "connection refused"
      case .timeout: "timed out"
      case .reset: "connection reset by peer"
      case .tls(let message): message
      case .other(let message): message
      }
    }
  }

  /// The socket (for a TLS session over it).
  let descriptor: Int32
  let deadline: ContinuousClock.Instant

  private init(descriptor: Int32, deadline: ContinuousClock.Instant) {
    self.descriptor = descriptor
    self.deadline = deadline
  }

  deinit { close(descriptor) }

  /// Connects to host:port over TCP (IPv4 or IPv6, first address that answers).
  static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(Failure) -> SocketConnection {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &list)
    guard status == 0, let first = list else {
      throw .dns(String(cString: gai_strerror(status)))
    }
    defer { freeaddrinfo(list) }
    var lastError = Failure.refused
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let current = entry {
      do {
        return try connect(
          address: current.pointee.ai_addr, length: current.pointee.ai_addrlen,
          family: current.pointee.ai_family, deadline: deadline)
      } catch {
        lastError = error
        if case .timeout = error { throw error }
      }
      entry = current.pointee.ai_next
    }
    throw lastError
  }

  /// Connects to a Unix-domain stream socket.
  static func connect(unixPath path: String, deadline: ContinuousClock.Instant) throws(Failure) -> SocketConnection {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .other("socket path too long") }
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in bytes.enumerated() { buffer[index] = byte }
    }
    return try withUnsafePointer(to: &address) { pointer throws(Failure) -> SocketConnection in
      try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw throws(Failure) -> SocketConnection in
        try connect(
          address: raw, length: socklen_t(MemoryLayout<sockaddr_un>.size), family: AF_UNIX, deadline: deadline)
      }
    }
  }

  private static func connect(
    address: UnsafePointer<sockaddr>?, length: socklen_t, family: Int32, deadline: ContinuousClock.Instant
  ) throws(Failure) -> SocketConnection {
    let descriptor = socket(
      family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw .other("socket: \(String(cString: strerror(errno)))") }
    let connection = SocketConnection(descriptor: descriptor, deadline: deadline)
    if Glibc.connect(descriptor, address, length) != 0 {
      guard errno == EINPROGRESS else { throw classify(errno) }
      try connection.wait(for: Int16(POLLOUT))
      var error: Int32 = 0
      var size = socklen_t(MemoryLayout<Int32>.size)
      getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &size)
      if error != 0 { throw classify(error) }
    }
    return connection
  }

  static func classify(_ code: Int32) -> Failure {
    switch code {
    case ECONNREFUSED, ENOENT: .refused
    case ETIMEDOUT: .timeout
    case ECONNRESET, EPIPE: .reset
    default: .other(String(cString: strerror(code)))
    }
  }

  /// Waits until the socket is ready for `events` or the deadline passes.
  func wait(for events: Int16) throws(Failure) {
    while true {
      let left = deadline - .now
      guard left > .zero else { throw .timeout }
      let (seconds, attoseconds) = left.components
      let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
      var descriptorSet = pollfd(fd: descriptor, events: events, revents: 0)
      let ready = poll(&descriptorSet, 1, milliseconds)
      if ready > 0 { return }
      if ready < 0, errno != EINTR { throw .other("poll: \(String(cString: strerror(errno)))") }
    }
  }

  /// Writes all bytes.
  func write(_ bytes: [UInt8]) throws(Failure) {
    var offset = 0
    while offset < bytes.count {
      try wait(for: Int16(POLLOUT))
      let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if written < 0 {
        if errno == EAGAIN || errno == EINTR { continue }
        throw Self.classify(errno)
      }
      offset += written
    }
  }

  /// Reads what is available (at most `maximum` bytes); an empty array means the peer closed.
  func read(maximum: Int) throws(Failure) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: maximum)
    while true {
      try wait(for: Int16(POLLIN))
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count < 0 {
        if errno == EAGAIN || errno == EINTR { continue }
        throw Self.classify(errno)
      }
      return Array(buffer.prefix(count))
    }
  }

  /// Reads until the peer closes or `limit` bytes arrived; returns the bytes and whether they were cut.
  func readAll(limit: Int) throws(Failure) -> (bytes: [UInt8], truncated: Bool) {
    var data: [UInt8] = []
    while data.count <= limit {
      let chunk = try read()
      if chunk.isEmpty { return (data, false) }
      data += chunk
    }
    return (Array(data.prefix(limit)), true)
  }
}
