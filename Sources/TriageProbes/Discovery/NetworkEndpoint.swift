import Foundation

/// A TCP address a server listens on or forwards to, as a client would dial it.
public struct NetworkEndpoint: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The host to dial: a wildcard listen address (`0.0.0.0`, `::`, `*`, empty) and `localhost`
  /// become `127.0.0.1`.
  public var host: String
  /// The port.
  public var port: Int

  /// Creates an endpoint, normalizing the host.
  public init(host: String, port: Int) {
    self.host = Self.dialable(host)
    self.port = port
  }

  /// Parses `host:port`, `[v6]:port`, `:port`, `*:port` or a bare port, with an optional scheme
  /// (`http://`, `fcgi://`, `tcp://`) and path; nil for a Unix socket or text without a port.
  public init?(parsing text: String, defaultPort: Int? = nil) {
    var rest = Substring(text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")))
    if let scheme = rest.range(of: "://") {
      if rest[..<scheme.lowerBound].lowercased().contains("unix") { return nil }
      rest = rest[scheme.upperBound...]
    }
    if rest.hasPrefix("unix:") || rest.hasPrefix("/") { return nil }
    if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
    if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
    if let port = Int(rest), (1...65535).contains(port) {
      self.init(host: "", port: port)
      return
    }
    var host = rest
    var portText: Substring = ""
    if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
      host = rest[rest.index(after: rest.startIndex)..<close]
      let after = rest[rest.index(after: close)...]
      if after.hasPrefix(":") { portText = after.dropFirst() }
    } else if let colon = rest.lastIndex(of: ":"), !rest[..<colon].contains(":") {
      host = rest[..<colon]
      portText = rest[rest.index(after: colon)...]
    }
    guard let port = portText.isEmpty ? defaultPort : Int(portText), (1...65535).contains(port) else { return nil }
    self.init(host: String(host), port: port)
  }

  /// `host:port`, with brackets around an IPv6 host.
  public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

  /// Whether a server listening here answers a client dialing `other` (same port, and the same
  /// host or a wildcard listen address).
  func accepts(_ other: NetworkEndpoint, wildcard: Bool) -> Bool {
    port == other.port && (host == other.host || wildcard)
  }

  public static func < (lhs: NetworkEndpoint, rhs: NetworkEndpoint) -> Bool {
    (lhs.port, lhs.host) < (rhs.port, rhs.host)
  }

  private static func dialable(_ host: String) -> String {
    switch host.lowercased() {
    case "", "*", "0.0.0.0", "::", "localhost", "::ffff:0.0.0.0": "127.0.0.1"
    case "ip6-localhost": "::1"
    default: host.hasPrefix("::ffff:") ? String(host.dropFirst(7)) : host
    }
  }
}
