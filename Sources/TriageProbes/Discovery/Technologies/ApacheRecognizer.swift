import Foundation

/// Apache httpd: the configuration named by `-f` (relative to `-d`; default
/// `/etc/apache2/apache2.conf`) with its includes and `${VAR}` from the process's environment;
/// `Listen`, `ErrorLog`, `ProxyPass`, `SetHandler "proxy:fcgi://…"` and a `server-status` location.
enum ApacheRecognizer: TechnologyRecognizer {
  static let processNames = ["apache2", "httpd"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "apache", role: .proxy, process: process)
    let environment = process.environment() ?? [:]
    var root = process.option("-d").map(process.absolute) ?? "/etc/apache2"
    let named = process.option("-f") ?? "apache2.conf"
    let path = named.hasPrefix("/") ? named : (root as NSString).appendingPathComponent(named)
    func expanded(_ text: String) -> String {
      var output = text
      for (name, value) in environment where output.contains("${\(name)}") {
        output = output.replacingOccurrences(of: "${\(name)}", with: value)
      }
      return output
    }
    guard
      let lines = ConfigLine.readIncluding(
        path, base: root,
        include: { line in
          let words = line.words
          guard let keyword = words.first?.lowercased(), keyword == "include" || keyword == "includeoptional",
            words.count > 1
          else { return nil }
          return expanded(words[1])
        })
    else {
      finding.notes.append("apache: cannot read \(path)")
      return finding
    }
    var location: String?
    for line in lines {
      let words = ConfigLine.words(expanded(line.text))
      guard let keyword = words.first?.lowercased() else { continue }
      switch keyword {
      case "serverroot" where words.count > 1: root = words[1]
      case "errorlog" where words.count > 1 && location == nil:
        let target = words[1].hasPrefix("/") ? words[1] : (root as NSString).appendingPathComponent(words[1])
        if !words[1].hasPrefix("|") && !words[1].hasPrefix("syslog") {
          finding.found("apache_error_log", target, at: line.location)
        }
      case "<location" where words.count > 1: location = words[1].trimming(">\"")
      case "</location>": location = nil
      case "sethandler" where words.count > 1:
        if words[1] == "server-status", let location {
          finding.statusPath = DiscoveredValue(location, from: line.location)
        } else if words[1].hasPrefix("proxy:") {
          forward(String(words[1].dropFirst("proxy:".count)), at: line.location, into: &finding)
        }
      case "proxypass" where words.count > 2, "proxypassmatch" where words.count > 2:
        forward(words[2], at: line.location, into: &finding)
      default: break
      }
    }
    finding.httpListens = process.listens
    if let status = finding.statusPath, let listen = process.listens.first {
      finding.found("apache_status_url", "http://\(listen)\(status.value)?auto", at: status.provenance)
    }
    return finding
  }

  private static func forward(_ url: String, at location: String, into finding: inout TechnologyFinding) {
    let lowered = url.lowercased()
    let kind: TechnologyFinding.WireProtocol =
      lowered.hasPrefix("fcgi://") ? .fastcgi : lowered.hasPrefix("uwsgi://") ? .uwsgi : .http
    guard lowered.hasPrefix("http://") || kind != .http else { return }
    finding.forward(to: url, kind, at: location)
  }
}
