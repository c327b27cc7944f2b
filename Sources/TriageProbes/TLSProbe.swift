import TriageCEL
import TriageCore

#if canImport(Glibc)
  import Glibc
#endif

/// `tls`: a TLS handshake with a server, as `openssl s_client -connect host:port -servername
/// name` shows it → the protocol and cipher, whether the certificate verifies, and the
/// certificate's names and validity (`days_left`).
///
/// The handshake finishes whatever the verification outcome, so an expired, self-signed or
/// misnamed certificate is an observation, not a failure. A port that does not speak TLS is
/// `handshake: false` with `error: "tls"` and OpenSSL's reason in `tls_error`.
public enum TLSProbe: ProbeKind {
  public static let identifier = "tls"
  public static let parameters = [
    ProbeParameter("host", .string, required: true, "host name or address to connect to"),
    ProbeParameter("port", .int, required: true, "TCP port"),
    ProbeParameter(
      "server_name", .string, "the name sent as SNI and checked against the certificate (default: host)"),
    ProbeParameter(
      "timeout", .string,
      "the answer window for connecting and the handshake, shorter than the probe's timeout: past it the probe observes error 'timeout'"
    ),
  ]
  public static let resultFields = [
    ProbeResultField("connected", .bool, "a TCP connection was opened"),
    ProbeResultField("handshake", .bool, "the TLS handshake completed (whatever the certificate)"),
    ProbeResultField("error", .string, "\"\", refused, timeout, dns, reset, tls (the handshake failed) or other"),
    ProbeResultField("tls_error", .string, "OpenSSL's reason when the handshake failed; \"\" otherwise"),
    ProbeResultField("latency_ms", .double, "time to the end of the handshake (or to the failure)"),
    ProbeResultField("protocol", .string, "the negotiated protocol (TLSv1.2, TLSv1.3); \"\" without a handshake"),
    ProbeResultField("cipher", .string, "the negotiated cipher suite"),
    ProbeResultField(
      "verified", .bool, "the chain verifies against the system's trust store and the certificate names server_name"),
    ProbeResultField(
      "verify_error", .string,
      "why verification failed, in OpenSSL's words (certificate has expired, self-signed certificate, hostname mismatch …)"
    ),
    ProbeResultField("chain_length", .int, "certificates the server sent, its own included"),
    ProbeResultField("subject", .string, "the certificate's subject, RFC 2253 (only with a certificate)"),
    ProbeResultField("issuer", .string, "the certificate's issuer, RFC 2253"),
    ProbeResultField("san", .list(.string), "its subject alternative names: DNS names and IP addresses"),
    ProbeResultField("not_before", .timestamp, "start of validity"),
    ProbeResultField("not_after", .timestamp, "end of validity"),
    ProbeResultField("days_left", .int, "whole days until not_after at the probe's run; negative once expired"),
    ProbeResultField("hostname_matches", .bool, "the certificate names server_name (SAN, or CN without SAN)"),
    ProbeResultField("self_signed", .bool, "the certificate is signed by its own key"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let host = request.string("host"), !host.isEmpty, let port = request.int("port"), (1...65535).contains(port)
    else {
      return .failure("tls probe needs a host and a port between 1 and 65535")
    }
    let name = request.string("server_name").flatMap { $0.isEmpty ? nil : $0 } ?? host
    // A local OpenSSL that cannot make a context says nothing about the server.
    guard TLSClientContext.shared.pointer != nil else { return .failure("OpenSSL could not create a TLS context") }
    let window = request.answerWindow()
    let start = ContinuousClock.now
    let socket: SocketConnection
    do {
      socket = try SocketConnection.connect(host: host, port: port, deadline: window.deadline)
    } catch {
      return failed(connected: false, error, since: start, evidence: "\(host):\(port): \(error)")
    }
    let session: TLSConnection
    do {
      session = try TLSConnection(over: socket, host: name, verification: .reported)
    } catch .other(let reason) where reason.hasPrefix("cannot check a certificate") {
      return .failure("\(reason): not a host name or an address OpenSSL can check")
    } catch {
      return failed(connected: true, error, since: start, evidence: "\(host):\(port): no TLS handshake: \(error)")
    }
    let now = Int64(time(nil))
    let summary = session.summary()
    var fields: [(String, CELValue)] = [
      ("connected", .bool(true)), ("handshake", .bool(true)), ("error", .string("")), ("tls_error", .string("")),
      ("latency_ms", .milliseconds(ContinuousClock.now - start)),
    ]
    fields += summary.fields(now: now)
    return .result(.record(fields), evidence: evidence(summary, host: host, port: port, now: now))
  }

  private static func failed(
    connected: Bool, _ error: SocketConnection.Failure, since start: ContinuousClock.Instant, evidence: String
  ) -> ProbeOutcome {
    let reason: String = if case .tls(let message) = error { message } else { "" }
    let fields: [(String, CELValue)] = [
      ("connected", .bool(connected)), ("handshake", .bool(false)), ("error", .string(error.kind)),
      ("tls_error", .string(reason)), ("latency_ms", .milliseconds(ContinuousClock.now - start)),
      ("protocol", .string("")), ("cipher", .string("")), ("verified", .bool(false)),
      ("verify_error", .string("")), ("chain_length", .int(0)),
    ]
    return .result(.record(fields), evidence: evidence)
  }

  private static func evidence(_ session: TLSSessionSummary, host: String, port: Int, now: Int64) -> String {
    var text = "\(host):\(port): \(session.protocolVersion)"
    if let certificate = session.certificate {
      let days = certificate.daysLeft(now: now)
      text +=
        ", certificate \(certificate.subject)" + (days >= 0 ? " valid \(days) more days" : " expired \(-days) days ago")
    }
    text += session.verified ? ", verified" : ", not verified: \(session.verifyError)"
    return text
  }
}
