/// uWSGI: options from its command line and its `--ini` file: `http-socket`/`http`, `socket`
/// (the uwsgi protocol), `stats`, `logto`/`daemonize`, `chdir` and `env`.
enum UWSGIRecognizer: TechnologyRecognizer {
  static let processNames = ["uwsgi"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "uwsgi", role: .application, process: process)
    var options: [(key: String, value: String, location: String)] = []
    let origin = "\(process.label) command line"
    var index = 1
    while index < process.argv.count {
      let argument = process.argv[index]
      if argument.hasPrefix("--") {
        let key = String(argument.dropFirst(2))
        if let equals = key.firstIndex(of: "=") {
          options.append((String(key[..<equals]), String(key[key.index(after: equals)...]), origin))
        } else if index + 1 < process.argv.count, !process.argv[index + 1].hasPrefix("-") {
          options.append((key, process.argv[index + 1], origin))
          index += 1
        }
      }
      index += 1
    }
    for ini in options.filter({ $0.key == "ini" }).map({ process.absolute($0.value) }) {
      guard let entries = IniEntry.read(ini) else {
        finding.notes.append("uwsgi: cannot read \(ini)")
        continue
      }
      options += entries.filter { $0.section == "uwsgi" }.map { ($0.key, $0.value, $0.line.location) }
    }
    for option in options {
      switch option.key {
      case "http-socket", "http":
        if let endpoint = NetworkEndpoint(parsing: option.value) { finding.httpListens.append(endpoint) }
      case "stats":
        if NetworkEndpoint(parsing: option.value) != nil {
          finding.found("uwsgi_stats", option.value, at: option.location)
        }
      case "logto", "daemonize", "logto2":
        finding.logs.append(DiscoveredValue(process.absolute(option.value), from: option.location))
      case "chdir":
        finding.inputs["working_directory"] = DiscoveredValue(option.value, from: option.location)
      case "env":
        if let equals = option.value.firstIndex(of: "=") {
          finding.environment[String(option.value[..<equals])] = String(
            option.value[option.value.index(after: equals)...])
        }
      default: break
      }
    }
    if finding.httpListens.isEmpty, !options.contains(where: { $0.key == "socket" }) {
      finding.httpListens = process.listens.filter { $0.description != finding.inputs["uwsgi_stats"]?.value }
    }
    return finding
  }
}
