import CLibSSL

/// The OpenSSL client context configured once and shared by every TLS session: TLS 1.2 the oldest
/// accepted and the system's trust store loaded once rather than per connection (each session
/// decides whether a failed verification fails its handshake). A configured `SSL_CTX` is safe to use from several threads (`SSL_new` only reads it).
final class TLSClientContext: @unchecked Sendable {
  /// The context, with the system's trust store (`SSL_CERT_FILE` / `SSL_CERT_DIR` override it).
  static let shared = TLSClientContext()

  /// The `SSL_CTX`, or nil when OpenSSL could not create it.
  let pointer: OpaquePointer?

  private init() {
    pointer = SSL_CTX_new(TLS_client_method())
    guard let pointer else { return }
    _ = triage_ssl_ctx_set_min_tls12(pointer)
    SSL_CTX_set_default_verify_paths(pointer)
  }

  deinit {
    if let pointer { SSL_CTX_free(pointer) }
  }
}
