import CLibSSL

#if canImport(Glibc)
  import Glibc
#endif

/// A TLS session (OpenSSL, the platform's library) over a ``SocketConnection``, with the same
/// deadline on the handshake and on every read and write: `https` takes the same road as `http`.
///
/// The certificate is verified against the system's trust store and the host name (or IP
/// address); SNI names the host. TLS 1.2 is the oldest accepted.
final class TLSConnection: ByteStream {
  /// How a session treats the server's certificate.
  enum Verification {
    /// Verify the chain and the name; a failure fails the handshake (`https`).
    case enforced
    /// Verify the chain and the name, but finish the handshake whatever the outcome, so that
    /// the outcome can be reported (the `tls` probe, `https` with `verify_tls: false`).
    case reported
  }

  private let socket: SocketConnection
  /// The OpenSSL session, for reading what the handshake established.
  let session: OpaquePointer
  /// The name the certificate was checked against (SNI when it is a host name).
  let serverName: String
  private let verification: Verification

  /// Connects over TLS; throws `.tls(reason)` when the handshake (or, `enforced`, the
  /// verification) fails.
  init(over socket: SocketConnection, host: String, verification: Verification) throws(SocketConnection.Failure) {
    self.socket = socket
    self.serverName = host
    self.verification = verification
    guard let context = TLSClientContext.shared.pointer else { throw .tls("cannot create a TLS context") }
    guard let session = SSL_new(context) else { throw .tls("cannot create a TLS session") }
    self.session = session
    SSL_set_fd(session, socket.descriptor)
    let isAddress = Self.isAddress(host)
    if !isAddress { _ = triage_ssl_set_sni(session, host) }
    SSL_set_verify(session, verification == .enforced ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nil)
    // The identity the certificate must name: without it, any trusted certificate would do.
    let parameters = SSL_get0_param(session)
    let identitySet =
      isAddress ? X509_VERIFY_PARAM_set1_ip_asc(parameters, host) : X509_VERIFY_PARAM_set1_host(parameters, host, 0)
    guard identitySet == 1 else { throw .other("cannot check a certificate against '\(host)'") }
    while true {
      ERR_clear_error()
      let result = SSL_connect(session)
      if result == 1 { return }
      try waitOrFail(result, during: "handshake")
    }
  }

  /// Whether `host` is an IPv4 or IPv6 address rather than a name.
  static func isAddress(_ host: String) -> Bool {
    host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
  }

  deinit {
    SSL_free(session)
  }

  /// Waits for what OpenSSL needs next, or throws the failure its result means.
  private func waitOrFail(_ result: Int32, during step: String) throws(SocketConnection.Failure) {
    switch SSL_get_error(session, result) {
    case SSL_ERROR_WANT_READ: try socket.wait(for: Int16(POLLIN))
    case SSL_ERROR_WANT_WRITE: try socket.wait(for: Int16(POLLOUT))
    case SSL_ERROR_ZERO_RETURN: throw .reset
    case SSL_ERROR_SYSCALL:
      throw errno == 0 || errno == EAGAIN ? .reset : SocketConnection.classify(errno)
    default:
      let outcome = SSL_get_verify_result(session)
      if verification == .enforced, outcome != X509_V_OK {
        throw .tls("certificate verification failed: \(String(cString: X509_verify_cert_error_string(outcome)))")
      }
      let code = ERR_get_error()
      var text = [CChar](repeating: 0, count: 256)
      ERR_error_string_n(code, &text, text.count)
      throw .tls(
        "TLS \(step) failed: \(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
    }
  }

  func write(_ bytes: [UInt8]) throws(SocketConnection.Failure) {
    var offset = 0
    while offset < bytes.count {
      ERR_clear_error()
      let written = bytes[offset...].withUnsafeBytes { SSL_write(session, $0.baseAddress, Int32(clamping: $0.count)) }
      if written > 0 {
        offset += Int(written)
      } else {
        try waitOrFail(written, during: "write")
      }
    }
  }

  func read(maximum: Int) throws(SocketConnection.Failure) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: maximum)
    while true {
      ERR_clear_error()
      let count = buffer.withUnsafeMutableBytes { SSL_read(session, $0.baseAddress, Int32(clamping: $0.count)) }
      if count > 0 { return Array(buffer.prefix(Int(count))) }
      // A peer that closes (with or without close_notify) ends the body, as over plain TCP.
      let error = SSL_get_error(session, count)
      if error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && (errno == 0 || errno == ECONNRESET)) {
        return []
      }
      try waitOrFail(count, during: "read")
    }
  }
}
