/// gunicorn: its command line's `--bind`, `--chdir`, its log
/// files (`--error-logfile`, `--log-file`), and the ports its workers listen on.
enum GunicornRecognizer: TechnologyRecognizer {
  static let processNames = ["gunicorn"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "gunicorn", role: .application, process: process)
    let origin = "\(process.label) command line"
    // The sockets, and the configured binds: a worker still booting does not listen yet.
    let binds = process.options("--bind") + process.options("-b")
    finding.httpListens = Array(Set(process.listens + binds.compactMap { NetworkEndpoint(parsing: $0) })).sorted()
    for option in ["--error-logfile", "--log-file"] {
      if let log = process.option(option), log != "-" {
        finding.logs.append(DiscoveredValue(process.absolute(log), from: origin))
      }
    }
    if let directory = process.option("--chdir") {
      finding.inputs["working_directory"] = DiscoveredValue(process.absolute(directory), from: origin)
    }
    return finding
  }
}
