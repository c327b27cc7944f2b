/// Caddy: the Caddyfile named by `--config` (default `./Caddyfile`, `/etc/caddy/Caddyfile`); the
/// admin address, log files, site addresses, `reverse_proxy` upstreams and their `health_uri`.
enum CaddyRecognizer: TechnologyRecognizer {
  static let processNames = ["caddy"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "caddy", role: .proxy, process: process)
    let named = process.option("--config").map(process.absolute)
    let candidates = named.map { [$0] } ?? [process.absolute("Caddyfile"), "/etc/caddy/Caddyfile"]
    guard let path = candidates.first(where: { ConfigLine.read($0) != nil }),
      !path.hasSuffix(".json"), let lines = ConfigLine.read(path)
    else {
      finding.notes.append("caddy: no Caddyfile read (\(candidates.joined(separator: ", ")))")
      return finding
    }
    var admin = NetworkEndpoint(host: "127.0.0.1", port: 2019)
    var adminLocation = "Caddy's default admin address"
    for directive in BlockDirective.parse(lines) {
      let words = directive.words
      guard let keyword = words.first else { continue }
      let inGlobal = directive.context.first == []
      switch keyword {
      case "admin" where inGlobal && words.count > 1:
        if words[1] == "off" {
          finding.notes.append("caddy: the admin API is off")
        } else if let endpoint = NetworkEndpoint(parsing: words[1]) {
          admin = endpoint
          adminLocation = directive.line.location
        }
      case "output" where words.count > 2 && words[1] == "file" && directive.isInside("log"):
        finding.found("caddy_log", words[2], at: directive.line.location)
      case "reverse_proxy":
        for upstream in words.dropFirst() where !upstream.hasPrefix("/") && !upstream.hasPrefix("@") {
          finding.forward(to: upstream, .http, at: directive.line.location)
        }
      case "to" where directive.context.last?.first == "reverse_proxy":
        for upstream in words.dropFirst() { finding.forward(to: upstream, .http, at: directive.line.location) }
      case "health_uri", "health_path":
        if words.count > 1 { finding.healthPath = DiscoveredValue(words[1], from: directive.line.location) }
      default: break
      }
    }
    finding.found("caddy_admin", admin.description, at: adminLocation)
    finding.httpListens = process.listens.filter { $0 != admin }
    return finding
  }
}
