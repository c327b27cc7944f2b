import CLibSSL

/// An OpenSSL client context configured once and shared by every TLS session: TLS 1.2 the oldest
/// accepted and, for the verifying one, the system's trust store loaded once rather than per
/// connection. A configured `SSL_CTX` is safe to use from several threads (`SSL_new` only reads it).
final class TLSClientContext: @unchecked Sendable {
  /// The context whose sessions verify the peer against the system's trust store.
  static let verifying = TLSClientContext(loadingTrustStore: true)
  /// The context for `verify_tls: false`.
  static let unverified = TLSClientContext(loadingTrustStore: false)

  /// The `SSL_CTX`, or nil when OpenSSL could not create it.
  let pointer: OpaquePointer?

  private init(loadingTrustStore: Bool) {
    pointer = SSL_CTX_new(TLS_client_method())
    guard let pointer else { return }
    _ = triage_ssl_ctx_set_min_tls12(pointer)
    if loadingTrustStore { SSL_CTX_set_default_verify_paths(pointer) }
  }

  deinit {
    if let pointer { SSL_CTX_free(pointer) }
  }
}
