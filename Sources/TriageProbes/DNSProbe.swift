import TriageCEL
import TriageCore

#if canImport(Glibc)
  import Glibc
#endif

/// `dns`: resolves a name with the system resolver (`getaddrinfo`, so `/etc/hosts` and
/// `nsswitch.conf` apply, as for the application) → `resolved`, `addresses` (unique, in the
/// resolver's order), `error` (`""`, `nxdomain` — no such name, `temporary` — the resolver could
/// not answer now, `other`), `latency_ms`.
///
/// `getaddrinfo` cannot be interrupted: a resolver slower than the probe's deadline is cut off by
/// the runner, which reports the probe as timed out.
public enum DNSProbe: ProbeKind {
  public static let identifier = "dns"
  public static let parameters = [ProbeParameter("name", .string, required: true, "the name to resolve")]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("resolved", .bool, "the name resolved to at least one address"),
    ProbeResultField("addresses", .list(.string), "the addresses, unique, in the resolver's order"),
    ProbeResultField(
      "error", .string, "\"\", nxdomain (no such name), temporary (the resolver could not answer now) or other"),
    ProbeResultField("latency_ms", .double, "time the resolver took"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let name = request.nonEmptyString("name") else { return .failure("dns probe needs a name") }
    let start = ContinuousClock.now
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(name, nil, &hints, &list)
    defer { if list != nil { freeaddrinfo(list) } }
    let latency = ContinuousClock.now - start
    guard status == 0 else {
      let error = classify(status)
      let message = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
      return .result(
        .record([
          ("resolved", .bool(false)), ("addresses", .list([])), ("error", .string(error)),
          ("latency_ms", .milliseconds(latency)),
        ]), evidence: "\(name) did not resolve: \(message)")
    }
    var addresses: [String] = []
    var entry = list
    while let current = entry {
      var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
      if getnameinfo(
        current.pointee.ai_addr, current.pointee.ai_addrlen, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
        == 0
      {
        let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if !addresses.contains(text) { addresses.append(text) }
      }
      entry = current.pointee.ai_next
    }
    return .result(
      .record([
        ("resolved", .bool(!addresses.isEmpty)), ("addresses", .list(addresses.map(CELValue.string))),
        ("error", .string("")), ("latency_ms", .milliseconds(latency)),
      ]), evidence: "\(name) → \(addresses.joined(separator: ", ")) in \(Int(latency.milliseconds)) ms")
  }

  static func classify(_ status: Int32) -> String {
    switch status {
    case EAI_NONAME, -5: "nxdomain"  // -5: glibc's EAI_NODATA, the name exists without addresses
    case EAI_AGAIN: "temporary"
    default: "other"
    }
  }
}
