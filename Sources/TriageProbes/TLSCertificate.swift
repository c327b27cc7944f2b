import CLibSSL
import TriageCEL

#if canImport(Glibc)
  import Glibc
#endif

/// The server certificate a TLS handshake received: names, validity and how it matches the
/// name it was asked for.
struct TLSCertificate: Sendable, Equatable {
  /// The subject, RFC 2253 (`CN=shop.example,O=Example`).
  var subject: String
  /// The issuer, RFC 2253.
  var issuer: String
  /// The DNS names and IP addresses of its subject alternative name extension; nil when there
  /// were too many to read (more than a megabyte).
  var alternativeNames: [String]?
  /// Validity start and end, seconds since the Unix epoch.
  var notBefore: Int64
  var notAfter: Int64
  /// Whether it names the host it was asked for (SAN, or CN when it has no SAN).
  var matchesHost: Bool
  /// Whether it is signed by its own key (its subject is its issuer).
  var selfSigned: Bool

  /// Reads an OpenSSL certificate; `host` is the name (or address) it should match.
  init(_ certificate: OpaquePointer, host: String) {
    var buffer = [CChar](repeating: 0, count: 4096)
    subject = Self.text(&buffer) { triage_x509_name_text(X509_get_subject_name(certificate), $0, $1) } ?? ""
    issuer = Self.text(&buffer) { triage_x509_name_text(X509_get_issuer_name(certificate), $0, $1) } ?? ""
    alternativeNames = nil
    for size in [4096, 65536, 1 << 20] {
      var names = [CChar](repeating: 0, count: size)
      guard let text = Self.text(&names, { triage_x509_alt_names(certificate, $0, $1) }) else { continue }
      alternativeNames = text.split(separator: "\n").map(String.init)
      break
    }
    notBefore = Self.seconds(X509_get0_notBefore(certificate))
    notAfter = Self.seconds(X509_get0_notAfter(certificate))
    if TLSConnection.isAddress(host) {
      matchesHost = X509_check_ip_asc(certificate, host, 0) == 1
    } else {
      matchesHost = X509_check_host(certificate, host, host.utf8.count, 0, nil) == 1
    }
    selfSigned = X509_check_issued(certificate, certificate) == X509_V_OK
  }

  /// Whole days from `now` (seconds since the epoch) to the end of validity; negative once expired.
  func daysLeft(now: Int64) -> Int64 {
    let seconds = notAfter - now
    return seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
  }

  /// The certificate's fields of a `tls` result (and of an `https` result's `tls`).
  func fields(now: Int64) -> [(String, CELValue)] {
    var fields: [(String, CELValue)] = [("subject", .string(subject)), ("issuer", .string(issuer))]
    if let alternativeNames { fields.append(("san", .list(alternativeNames.map(CELValue.string)))) }
    return fields + [
      ("not_before", CELTimestamp(seconds: notBefore).map(CELValue.timestamp) ?? .null),
      ("not_after", CELTimestamp(seconds: notAfter).map(CELValue.timestamp) ?? .null),
      ("days_left", .int(daysLeft(now: now))), ("hostname_matches", .bool(matchesHost)),
      ("self_signed", .bool(selfSigned)),
    ]
  }

  /// What `fill` wrote into the buffer; nil when it reported that the buffer was too small.
  private static func text(_ buffer: inout [CChar], _ fill: (UnsafeMutablePointer<CChar>, Int32) -> Int32) -> String? {
    let length = buffer.withUnsafeMutableBufferPointer { fill($0.baseAddress!, Int32($0.count)) }
    guard length >= 0 else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  private static func seconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64 {
    guard let time else { return 0 }
    var parts = tm()
    guard ASN1_TIME_to_tm(time, &parts) == 1 else { return 0 }
    return Int64(timegm(&parts))
  }
}
