import CLibSSL
import TriageCEL

extension TLSConnection {
  /// The negotiated protocol (`TLSv1.3`).
  var protocolVersion: String { SSL_get_version(session).map { String(cString: $0) } ?? "" }

  /// The negotiated cipher suite (`TLS_AES_256_GCM_SHA384`).
  var cipher: String {
    guard let cipher = SSL_get_current_cipher(session), let name = SSL_CIPHER_get_name(cipher) else { return "" }
    return String(cString: name)
  }

  /// Whether the chain verified against the trust store and the certificate names the host.
  var verified: Bool { SSL_get_verify_result(session) == X509_V_OK && certificate != nil }

  /// Why verification failed, in OpenSSL's words (`certificate has expired`); `""` when it did not.
  var verifyError: String {
    let code = SSL_get_verify_result(session)
    if code != X509_V_OK { return String(cString: X509_verify_cert_error_string(code)) }
    return certificate == nil ? "no certificate" : ""
  }

  /// The certificates the server sent (its own first).
  var chainLength: Int { Int(triage_ssl_chain_length(session)) }

  /// The server's certificate, if it sent one.
  var certificate: TLSCertificate? {
    guard let peer = SSL_get1_peer_certificate(session) else { return nil }
    defer { X509_free(peer) }
    return TLSCertificate(peer, host: serverName)
  }

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
