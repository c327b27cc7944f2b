/// A connection bytes go through: plain TCP (``SocketConnection``) or TLS (``TLSConnection``),
/// each honouring its deadline.
protocol ByteStream: AnyObject {
  /// Writes all bytes.
  func write(_ bytes: [UInt8]) throws(SocketConnection.Failure)
  /// Reads what is available (at most `maximum` bytes); an empty array means the peer closed.
  func read(maximum: Int) throws(SocketConnection.Failure) -> [UInt8]
}

extension ByteStream {
  /// Reads what is available, up to 64 KiB.
  func read() throws(SocketConnection.Failure) -> [UInt8] { try read(maximum: 65536) }
}

extension SocketConnection: ByteStream {}
