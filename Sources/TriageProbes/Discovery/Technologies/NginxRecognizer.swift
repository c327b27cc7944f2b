import Foundation

/// nginx: the configuration named by `-c` (relative to the `-p` prefix; default
/// `/etc/nginx/nginx.conf`) with its includes; server blocks' `listen`, `proxy_pass` (through
/// `upstream` blocks), `fastcgi_pass`, `uwsgi_pass`, and the main `error_log`.
enum NginxRecognizer: TechnologyRecognizer {
  static let processNames = ["nginx"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "nginx", role: .proxy, process: process)
    let prefix = process.option("-p").map(process.absolute) ?? "/etc/nginx"
    let named = process.option("-c") ?? "nginx.conf"
    let path = named.hasPrefix("/") ? named : (prefix as NSString).appendingPathComponent(named)
    let base = (path as NSString).deletingLastPathComponent
    guard
      let lines = ConfigLine.readIncluding(
        path, base: base,
        include: { line in
          let words = line.words
          guard words.first == "include", words.count > 1 else { return nil }
          return words[1].hasSuffix(";") ? String(words[1].dropLast()) : words[1]
        })
    else {
      finding.notes.append("nginx: cannot read \(path)")
      return finding
    }
    let directives = BlockDirective.parse(lines)
    var upstreams: [String: [(String, ConfigLine)]] = [:]
    for directive in directives where directive.words.first == "server" && directive.words.count > 1 {
      if let upstream = directive.context.last, upstream.first == "upstream", upstream.count > 1 {
        upstreams[upstream[1], default: []].append((directive.words[1], directive.line))
      }
    }
    for directive in directives {
      let words = directive.words
      guard let keyword = words.first, words.count > 1 else { continue }
      switch keyword {
      case "error_log" where directive.context.isEmpty || directive.context.last?.first == "http":
        let target = words[1]
        if target.hasPrefix("/") { finding.found("proxy_error_log", target, at: directive.line.location) }
      case "listen" where directive.isInside("server"):
        if let endpoint = NetworkEndpoint(parsing: words[1], defaultPort: 80) {
          finding.httpListens.append(endpoint)
          if words.contains("ssl") { finding.tlsListens.append(endpoint) }
        }
      case "proxy_pass", "fastcgi_pass", "uwsgi_pass":
        let kind: TechnologyFinding.WireProtocol =
          keyword == "proxy_pass" ? .http : keyword == "uwsgi_pass" ? .uwsgi : .fastcgi
        var target = words[1]
        if let scheme = target.range(of: "://") { target = String(target[scheme.upperBound...]) }
        let host = target.split(separator: "/").first.map(String.init) ?? target
        if let servers = upstreams[host] {
          for (server, line) in servers { finding.forward(to: server, kind, at: line.location) }
        } else {
          finding.forward(to: host, kind, at: directive.line.location)
        }
      default: break
      }
    }
    if finding.inputs["proxy_error_log"] == nil {
      finding.found("proxy_error_log", "/var/log/nginx/error.log", at: "nginx's compiled-in default")
    }
    return finding
  }
}
