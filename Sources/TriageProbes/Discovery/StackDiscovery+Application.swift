import Foundation

extension StackDiscovery {
  /// The application at the chain's end: its HTTP address (the last HTTP hop: the application
  /// server itself, or the web server in front of a FastCGI or uwsgi one), its processes, unit
  /// and logs.
  mutating func describeApplication(inventory: HostInventory) {
    guard let last = chain.last else { return }
    var application: TechnologyFinding?
    var address: (NetworkEndpoint, String)?
    if last.role == .application {
      application = last
      if let listen = last.httpListens.min() { address = (listen, "\(last.process.label) listens on \(listen)") }
    } else if let forward = last.forwards.first(where: { $0.protocolName != .http }),
      let index = server(at: forward.endpoint, speaking: forward.protocolName)
    {
      application = findings[index]
      chain.append(findings[index])
      if let listen = last.httpListens.min() {
        address = (
          listen, "\(last.process.label) serves the application over HTTP on \(listen) (\(forward.provenance))"
        )
      }
      if let status = findings[index].poolStatus[forward.endpoint] {
        inputs["fpm_address"] = DiscoveredValue(forward.endpoint.description, from: forward.provenance)
        inputs["fpm_status_path"] = status
      } else if findings[index].technology == "php-fpm" {
        inputs["fpm_address"] = DiscoveredValue(forward.endpoint.description, from: forward.provenance)
      }
    } else if let forward = last.forwards.first(where: { $0.protocolName == .http }) {
      address = (forward.endpoint, "\(last.process.label) forwards to it (\(forward.provenance))")
      if let process = inventory.listener(of: forward.endpoint) {
        var unknown = TechnologyFinding(technology: process.name, role: .application, process: process)
        unknown.httpListens = process.listens
        application = unknown
      } else {
        notes.append("nothing on this host listens on \(forward.endpoint), where \(last.process.label) forwards")
      }
    }
    if let (endpoint, why) = address {
      inputs["app_host"] = DiscoveredValue(endpoint.host, from: why)
      inputs["app_port"] = DiscoveredValue(String(endpoint.port), from: why)
    }
    if application == nil {
      // The chain breaks before the application (its web server is down): the only application
      // server running here is still the application, for its processes, logs and environment.
      let servers = findings.filter { $0.role == .application }
      if servers.count == 1 {
        application = servers[0]
        chain.append(servers[0])
        notes.append(
          "the chain stops before the application; \(servers[0].process.label) is the only application server here")
      }
    }
    guard let application else { return }
    let process = application.process
    inputs["process_name"] = DiscoveredValue(process.name, from: "the application's processes: \(process.label)")
    inputs["service"] = DiscoveredValue(
      process.unit ?? "",
      from: process.unit.map { "\(process.label) runs in \($0)" } ?? "\(process.label) runs in no systemd service")
    var logs: [DiscoveredValue] = []
    for log in application.logs {
      // The application's own directory of logs: what it writes besides its server's log (an
      // application log opened only at its first error) is read too.
      let directory = (log.value as NSString).deletingLastPathComponent
      let dedicated = directory != "/var/log" && directory != "/tmp" && directory != "/"
      logs.append(
        dedicated && log.value.hasSuffix(".log") ? DiscoveredValue("\(directory)/*.log", from: log.provenance) : log)
    }
    for path in process.openLogFiles()
    where !logs.contains(where: {
      $0.value == path || $0.value == (path as NSString).deletingLastPathComponent + "/*.log"
    }) {
      logs.append(DiscoveredValue(path, from: "held open by \(process.label) or its workers"))
    }
    if last.role == .proxy, application.process.pid != last.process.pid,
      let errorLog = last.inputs["apache_error_log"] ?? last.inputs["proxy_error_log"]
    {
      logs.append(errorLog)
    }
    if !logs.isEmpty {
      var seen = Set<String>()
      let unique = logs.filter { seen.insert($0.value).inserted }
      inputs["app_log"] = DiscoveredValue(
        unique.map(\.value).joined(separator: ","), from: unique.map(\.provenance).joined(separator: "; "))
    }
  }
}
