/// PHP-FPM: the configuration the master names (`php-fpm: master process (/etc/php/…/php-fpm.conf)`,
/// or `--fpm-config`/`-y`) with its includes; each pool's `listen`, `pm.status_path`, and the
/// error and slow logs, and the `env[NAME]` the pools give the application.
enum PHPFPMRecognizer: TechnologyRecognizer {
  static let processNames = ["php-fpm", "php-fpm7.4", "php-fpm8.1", "php-fpm8.2", "php-fpm8.3", "php-fpm8.4"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "php-fpm", role: .application, process: process)
    let title = process.argv.joined(separator: " ")
    var path = process.option("--fpm-config", "-y").map(process.absolute)
    if path == nil, let open = title.firstIndex(of: "("), let close = title.lastIndex(of: ")"), open < close {
      path = String(title[title.index(after: open)..<close])
    }
    guard let path, let entries = IniEntry.read(path) else {
      finding.notes.append("php-fpm: cannot read its configuration (\(path ?? "not named"))")
      return finding
    }
    var pools: [String: (listen: IniEntry?, status: IniEntry?)] = [:]
    for entry in entries {
      switch (entry.section, entry.key) {
      case ("global", "error_log"):
        if entry.value.hasPrefix("/") { finding.logs.append(DiscoveredValue(entry.value, from: entry.line.location)) }
      case (_, "listen"): pools[entry.section, default: (nil, nil)].listen = entry
      case (_, "pm.status_path"): pools[entry.section, default: (nil, nil)].status = entry
      case (_, let key) where key.hasPrefix("env[") && key.hasSuffix("]"):
        finding.environment[String(key.dropFirst(4).dropLast())] = entry.value
      case (_, "slowlog"), (_, "php_admin_value[error_log]"):
        if entry.value.hasPrefix("/") { finding.logs.append(DiscoveredValue(entry.value, from: entry.line.location)) }
      default: break
      }
    }
    for (_, pool) in pools.sorted(by: { $0.key < $1.key }) {
      guard let listen = pool.listen, let endpoint = NetworkEndpoint(parsing: listen.value) else { continue }
      finding.fastCGIListens.append(endpoint)
      if let status = pool.status {
        finding.poolStatus[endpoint] = DiscoveredValue(status.value, from: status.line.location)
      }
    }
    return finding
  }
}
