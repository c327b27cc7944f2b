/// Recognizes one technology's server process and reads what its command line and
/// configuration say: where it listens, where it forwards, its logs and its status interfaces.
protocol TechnologyRecognizer: Sendable {
  /// The command names (`comm`) of its processes.
  static var processNames: [String] { get }
  /// What the process and its configuration say; read-only.
  static func recognize(_ process: RunningProcess) -> TechnologyFinding
}

/// Every technology discovery knows, in the order their findings are listed.
let technologyRecognizers: [any TechnologyRecognizer.Type] = [
  NginxRecognizer.self, HAProxyRecognizer.self, VarnishRecognizer.self, ApacheRecognizer.self,
  CaddyRecognizer.self, GunicornRecognizer.self, UWSGIRecognizer.self, PHPFPMRecognizer.self,
  PostgresRecognizer.self, PgBouncerRecognizer.self, MySQLRecognizer.self, RedisRecognizer.self,
]

extension TechnologyFinding {
  /// Adds `value` as input `name` unless already found.
  mutating func found(_ name: String, _ value: String, at provenance: String) {
    guard inputs[name] == nil, !value.isEmpty else { return }
    inputs[name] = DiscoveredValue(value, from: provenance)
  }

  /// Adds a forward to `text` when it parses as a TCP address.
  mutating func forward(to text: String, _ protocolName: WireProtocol, at provenance: String, group: String? = nil) {
    guard let endpoint = NetworkEndpoint(parsing: text, defaultPort: protocolName == .http ? 80 : nil) else { return }
    forwards.append(Forward(endpoint: endpoint, protocolName: protocolName, provenance: provenance, group: group))
  }
}
