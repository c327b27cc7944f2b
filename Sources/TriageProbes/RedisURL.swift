import Foundation

/// `redis://[[user]:password@]host[:port][/db]` (a bare `host:port` is accepted too).
struct RedisURL {
  var host: String
  var port: Int
  var user: String?
  var password: String?
  var tls: Bool

  init?(_ text: String) {
    var rest = Substring(text)
    tls = false
    if let scheme = rest.range(of: "://") {
      let name = rest[..<scheme.lowerBound].lowercased()
      guard name == "redis" || name == "rediss" else { return nil }
      tls = name == "rediss"
      rest = rest[scheme.upperBound...]
    }
    let authority = rest.prefix { $0 != "/" && $0 != "?" }
    var hostPort = authority
    if let at = authority.lastIndex(of: "@") {
      let userInfo = authority[..<at]
      hostPort = authority[authority.index(after: at)...]
      if let colon = userInfo.firstIndex(of: ":") {
        let name = String(userInfo[..<colon])
        user = name.isEmpty ? nil : name.removingPercentEncoding ?? name
        let secret = String(userInfo[userInfo.index(after: colon)...])
        password = secret.removingPercentEncoding ?? secret
      } else if !userInfo.isEmpty {
        password = String(userInfo).removingPercentEncoding ?? String(userInfo)
      }
    }
    if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
      host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
      let after = hostPort[hostPort.index(after: close)...]
      port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? -1 : 6379
    } else if let colon = hostPort.lastIndex(of: ":") {
      host = String(hostPort[..<colon])
      port = Int(hostPort[hostPort.index(after: colon)...]) ?? -1
    } else {
      host = String(hostPort)
      port = 6379
    }
    guard !host.isEmpty, (1...65535).contains(port) else { return nil }
  }

  /// `host:port`, for evidence (never the password).
  var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
