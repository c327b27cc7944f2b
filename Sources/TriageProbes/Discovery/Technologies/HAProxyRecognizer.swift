/// HAProxy: `-f` configuration files (default `/etc/haproxy/haproxy.cfg`); frontends' binds,
/// backends' servers and HTTP checks, the stats socket and the stats page.
enum HAProxyRecognizer: TechnologyRecognizer {
  static let processNames = ["haproxy"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "haproxy", role: .proxy, process: process)
    let files = process.options("-f").map(process.absolute)
    let paths = files.isEmpty ? ["/etc/haproxy/haproxy.cfg"] : files
    var lines: [ConfigLine] = []
    for path in paths {
      guard let read = ConfigLine.readIncluding(path, base: "/", include: { _ in nil }) else {
        finding.notes.append("haproxy: cannot read \(path)")
        continue
      }
      lines += read
    }
    var section = ""
    var name = ""
    var mode = "http"
    var defaultCheck: DiscoveredValue?
    var sectionCheck: DiscoveredValue?
    var statsPage: (bind: NetworkEndpoint?, uri: String, location: String, enabled: Bool) = (
      nil, "/haproxy?stats", "", false
    )
    var binds: [NetworkEndpoint] = []
    func closeSection() {
      if section == "defaults" { defaultCheck = sectionCheck }
      if section == "backend" || section == "listen", let check = sectionCheck ?? defaultCheck,
        finding.forwards.contains(where: { $0.group == name })
      {
        finding.healthPath = finding.healthPath ?? check
      }
      if statsPage.enabled, let bind = statsPage.bind {
        finding.found(
          "lb_stats_url", "http://\(bind)\(statsPage.uri);csv", at: statsPage.location.isEmpty ? "" : statsPage.location
        )
      } else if (section == "frontend" || section == "listen") && mode == "http" {
        finding.httpListens += binds
      }
      sectionCheck = nil
      statsPage = (nil, "/haproxy?stats", "", false)
      binds = []
      mode = "http"
    }
    for line in lines {
      let words = line.words
      guard let keyword = words.first?.lowercased() else { continue }
      if ["global", "defaults", "frontend", "backend", "listen", "peers", "resolvers", "userlist", "program"]
        .contains(keyword)
      {
        closeSection()
        section = keyword
        name = words.count > 1 ? words[1] : ""
        continue
      }
      switch (keyword, words.count > 1 ? words[1] : "") {
      case ("stats", "socket") where words.count > 2 && section == "global":
        let path = words[2].hasPrefix("unix@") ? String(words[2].dropFirst(5)) : words[2]
        if path.hasPrefix("/") { finding.found("lb_stats_socket", path, at: line.location) }
      case ("stats", "enable"):
        statsPage.enabled = true
        statsPage.location = line.location
      case ("stats", "uri") where words.count > 2:
        statsPage.enabled = true
        statsPage.uri = words[2]
        statsPage.location = line.location
      case ("bind", _):
        if let endpoint = NetworkEndpoint(parsing: words[1].split(separator: ",").first.map(String.init) ?? "") {
          binds.append(endpoint)
          statsPage.bind = statsPage.bind ?? endpoint
        }
      case ("mode", let value): mode = value
      case ("server", _) where words.count > 2 && (section == "backend" || section == "listen"):
        finding.forward(to: words[2], .http, at: line.location, group: name)
      case ("option", "httpchk"):
        let rest = Array(words.dropFirst(2))
        let path = rest.count >= 2 ? rest[1] : rest.first ?? "/"
        sectionCheck = DiscoveredValue(path.hasPrefix("/") ? path : "/", from: line.location)
      case ("http-check", "send"):
        if let index = words.firstIndex(of: "uri"), index + 1 < words.count {
          sectionCheck = DiscoveredValue(words[index + 1], from: line.location)
        }
      default: break
      }
    }
    closeSection()
    return finding
  }
}
