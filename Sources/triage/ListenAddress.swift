import ArgumentParser

/// `triage serve --listen HOST:PORT`: loopback unless the operator says otherwise.
enum ListenAddress {
  /// The host and port of `text` (`127.0.0.1:9503`, `[::1]:9503`, `localhost:0`); a usage error
  /// for a malformed address, and for one beyond loopback without `allowRemote`.
  static func parse(_ text: String, allowRemote: Bool) throws -> (host: String, port: Int) {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
      (0...65535).contains(port)
    else {
      throw ValidationError("--listen expects host:port, such as 127.0.0.1:9503, got '\(text)'")
    }
    var host = String(text[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else { throw ValidationError("--listen needs a host, such as 127.0.0.1:\(port)") }
    if host == "localhost" { host = "127.0.0.1" }
    guard allowRemote || isLoopback(host) else {
      throw ValidationError(
        "--listen \(text) is reachable from other hosts; add --allow-remote to listen there (and consider --token-file)"
      )
    }
    return (host, port)
  }

  /// 127.0.0.0/8 and ::1.
  static func isLoopback(_ host: String) -> Bool {
    if host == "::1" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
  }
}
