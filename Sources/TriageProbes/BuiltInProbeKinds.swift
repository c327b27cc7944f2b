/// Every probe kind triage ships, registered in one place.
public let builtInProbeKinds: [any ProbeKind.Type] = [
  HTTPProbe.self, TCPProbe.self, FileProbe.self, SocketsProbe.self, ProcessProbe.self, CommandProbe.self,
  SystemdProbe.self, LogsProbe.self, DNSProbe.self, RedisProbe.self, PostgresProbe.self, HAProxyProbe.self,
  MySQLProbe.self, FastCGIProbe.self, PgBouncerProbe.self, TLSProbe.self,
]
