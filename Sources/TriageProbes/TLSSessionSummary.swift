import CLibSSL
import TriageCEL

/// What a TLS handshake established, read from OpenSSL once: protocol, cipher, the verification
/// outcome and the server's certificate.
struct TLSSessionSummary: Sendable {
  /// The negotiated protocol (`TLSv1.3`).
  var protocolVersion: String
  /// The negotiated cipher suite (`TLS_AES_256_GCM_SHA384`).
  var cipher: String
  /// Why verification failed, in OpenSSL's words (`certificate has expired`); `""` when it did not.
  var verifyError: String
  /// The certificates the server sent (its own first).
  var chainLength: Int
  /// The server's certificate, if it sent one.
  var certificate: TLSCertificate?

  /// Whether the chain verified against the trust store and the certificate names the host.
  var verified: Bool { verifyError.isEmpty }

  /// The session as result fields: protocol, cipher, verification and the certificate's fields.
  func fields(now: Int64) -> [(String, CELValue)] {
    var fields: [(String, CELValue)] = [
      ("protocol", .string(protocolVersion)), ("cipher", .string(cipher)), ("verified", .bool(verified)),
      ("verify_error", .string(verifyError)), ("chain_length", .integer(chainLength)),
    ]
    if let certificate { fields += certificate.fields(now: now) }
    return fields
  }
}

extension TLSConnection {
  /// Reads what the handshake established (the certificate is parsed once, here).
  func summary() -> TLSSessionSummary {
    var certificate: TLSCertificate?
    if let peer = SSL_get1_peer_certificate(session) {
      certificate = TLSCertificate(peer, host: serverName)
      X509_free(peer)
    }
    let code = SSL_get_verify_result(session)
    let verifyError =
      code != X509_V_OK
      ? String(cString: X509_verify_cert_error_string(code)) : certificate == nil ? "no certificate" : ""
    let cipher = SSL_get_current_cipher(session).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
    return TLSSessionSummary(
      protocolVersion: SSL_get_version(session).map { String(cString: $0) } ?? "", cipher: cipher ?? "",
      verifyError: verifyError, chainLength: Int(triage_ssl_chain_length(session)), certificate: certificate)
  }
}
