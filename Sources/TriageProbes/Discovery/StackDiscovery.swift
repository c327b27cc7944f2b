/// Works out, from the servers running on this host, the stack a request goes through and the
/// symptom inputs that describe it: the front URL, the application's address and process, the
/// health-check path, each server's status interface and logs, the dependencies the application
/// uses, and the deploy markers. Read-only; every value carries its provenance.
///
/// The front is the proxy no other recognized server forwards to; from it the forwards are
/// followed over HTTP to the application. When several stacks run, the one whose chain reaches an
/// application and is longest wins (then the lowest port), and the others are named in the notes.
public struct StackDiscovery: Sendable {
  /// The inputs found, by input name.
  public var inputs: [String: DiscoveredValue] = [:]
  /// Credentials for the probes, by the environment variable name an input names: in memory
  /// only, never printed.
  public var secrets: [String: String] = [:]
  /// Every recognized server.
  public var findings: [TechnologyFinding] = []
  /// The request's way in: the recognized servers from the front to the application.
  public var chain: [TechnologyFinding] = []
  /// What could not be read, and choices made between candidates.
  public var notes: [String] = []

  /// Discovers the stack on this host (or under `root`, a `/proc` copy in tests).
  public static func run(root: String = "/proc", deadline: ContinuousClock.Instant) -> StackDiscovery {
    let inventory = HostInventory.collect(
      root: root, names: technologyRecognizers.flatMap { $0.processNames }, deadline: deadline)
    var discovery = StackDiscovery()
    discovery.notes = inventory.limits
    for recognizer in technologyRecognizers {
      for process in inventory.processes(named: recognizer.processNames) {
        let finding = recognizer.recognize(process)
        discovery.findings.append(finding)
        discovery.notes += finding.notes
      }
    }
    discovery.followChain()
    discovery.describeApplication(inventory: inventory)
    discovery.findDependencies()
    discovery.findDeployMarkers()
    return discovery
  }

  /// The recognized server that answers at `endpoint`.
  func server(at endpoint: NetworkEndpoint, speaking protocolName: TechnologyFinding.WireProtocol) -> Int? {
    findings.indices.first { index in
      let finding = findings[index]
      let listens =
        switch protocolName {
        case .http: finding.httpListens
        case .fastcgi: finding.fastCGIListens
        case .uwsgi: finding.technology == "uwsgi" ? finding.process.listens : []
        }
      return listens.contains(endpoint) || (!listens.isEmpty && finding.process.listens.contains(endpoint))
    }
  }

  /// The chain from `start` over HTTP forwards (each server once), with the forward taken to reach each.
  private func chain(from start: Int) -> [(index: Int, via: TechnologyFinding.Forward?)] {
    var hops: [(index: Int, via: TechnologyFinding.Forward?)] = [(start, nil)]
    while hops.count < 16 {
      let current = findings[hops.last!.index]
      guard current.role != .application,
        let (next, forward) = current.forwards.lazy.filter({ $0.protocolName == .http })
          .compactMap({ forward in self.server(at: forward.endpoint, speaking: .http).map { ($0, forward) } })
          .first(where: { next in !hops.contains { $0.index == next.0 } })
      else { break }
      hops.append((next, forward))
    }
    return hops
  }

  private mutating func followChain() {
    let targets = findings.flatMap { $0.forwards.map(\.endpoint) }
    var fronts = findings.indices.filter { index in
      findings[index].role == .proxy && !findings[index].httpListens.isEmpty
        && !findings[index].httpListens.contains { listen in targets.contains { listen.accepts($0, wildcard: false) } }
    }
    if fronts.isEmpty {
      fronts = findings.indices.filter { findings[$0].role == .application && !findings[$0].httpListens.isEmpty }
    }
    guard !fronts.isEmpty else {
      notes.append("no web server or application server was recognized: the front URL and the application stay as set")
      return
    }
    let chains = fronts.map { chain(from: $0) }
    let best = chains.indices.max { left, right in
      let (a, b) = (chains[left], chains[right])
      let reachesA = findings[a.last!.index].role == .application || !findings[a.last!.index].forwards.isEmpty
      let reachesB = findings[b.last!.index].role == .application || !findings[b.last!.index].forwards.isEmpty
      if reachesA != reachesB { return !reachesA }
      if a.count != b.count { return a.count < b.count }
      return findings[a[0].index].httpListens.min()! > findings[b[0].index].httpListens.min()!
    }!
    if chains.count > 1 {
      let others = chains.indices.filter { $0 != best }.map { findings[chains[$0][0].index] }
      notes.append(
        "several fronts: chose \(findings[chains[best][0].index].process.label); also "
          + others.map { "\($0.process.label) on \($0.httpListens.min()!)" }.joined(separator: ", ")
          + " (set front_url to choose)")
    }
    chain = chains[best].map { findings[$0.index] }
    let front = chain[0]
    let listen = front.httpListens.min()!
    let scheme = front.tlsListens.contains(listen) ? "https" : "http"
    inputs["front_url"] = DiscoveredValue(
      "\(scheme)://\(listen)/", from: "\(front.process.label) listens on \(listen), and no other server forwards to it")
    for hop in chain {
      for (name, value) in hop.inputs where name != "working_directory" && inputs[name] == nil { inputs[name] = value }
      if let check = hop.healthPath, inputs["health_path"] == nil { inputs["health_path"] = check }
    }
    for (previous, hop) in zip(chains[best], chains[best].dropFirst())
    where findings[previous.index].technology == "haproxy" {
      if let group = hop.via?.group { inputs["lb_backend"] = DiscoveredValue(group, from: hop.via!.provenance) }
    }
  }
}
