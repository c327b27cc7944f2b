/// Every probe kind triage ships, registered in one place.
public let builtInProbeKinds: [any ProbeKind.Type] = [
  HTTPProbe.self, TCPProbe.self,
]
