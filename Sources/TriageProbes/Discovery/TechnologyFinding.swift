/// One recognized server: what it is, where it listens, where it forwards requests, and the
/// inputs its own configuration answers.
public struct TechnologyFinding: Sendable {
  /// The part a server plays on a request's way in.
  public enum Role: String, Sendable {
    /// Terminates clients' HTTP and forwards it (nginx, Varnish, Caddy, Apache, HAProxy).
    case proxy
    /// Runs the application (gunicorn, uWSGI, PHP-FPM).
    case application
    /// A database, a pool in front of one, or a cache.
    case dependency
  }

  /// How a forward speaks to the next hop.
  public enum WireProtocol: String, Sendable {
    case http, fastcgi, uwsgi
  }

  /// A next hop requests are forwarded to.
  public struct Forward: Sendable {
    /// Where to.
    public var endpoint: NetworkEndpoint
    /// In which protocol.
    public var protocolName: WireProtocol
    /// Where the configuration says so.
    public var provenance: String
    /// The group it belongs to in the configuration (an HAProxy backend's name).
    public var group: String?
  }

  /// The technology (`haproxy`, `nginx`, `postgres` …).
  public var technology: String
  /// Its role.
  public var role: Role
  /// Its process.
  public var process: RunningProcess
  /// The addresses where it answers HTTP (for a proxy or an HTTP application server).
  public var httpListens: [NetworkEndpoint] = []
  /// Those of ``httpListens`` that speak TLS (`https://`).
  public var tlsListens: [NetworkEndpoint] = []
  /// The addresses where it answers FastCGI (PHP-FPM pools).
  public var fastCGIListens: [NetworkEndpoint] = []
  /// A PHP-FPM pool's status path, by the pool's address.
  var poolStatus: [NetworkEndpoint: DiscoveredValue] = [:]
  /// A pool's databases (PgBouncer's `[databases]`): the server, its database name, and where.
  var databases: [String: (server: NetworkEndpoint, name: String, location: String)] = [:]
  /// Where it forwards requests.
  public var forwards: [Forward] = []
  /// The health-check path it asks its backends, with provenance.
  public var healthPath: DiscoveredValue?
  /// The path of its own status page (Apache's `server-status`), with provenance.
  var statusPath: DiscoveredValue?
  /// Inputs its configuration answers (`lb_stats_socket`, `proxy_error_log` …).
  public var inputs: [String: DiscoveredValue] = [:]
  /// Log files it writes (the application's log, for an application server).
  public var logs: [DiscoveredValue] = []
  /// The application's environment as its configuration sets it (uWSGI's `env =`), added to
  /// what `/proc/PID/environ` shows; in memory only.
  public var environment: [String: String] = [:]
  /// What could not be read or understood.
  public var notes: [String] = []

  /// Creates a finding.
  public init(technology: String, role: Role, process: RunningProcess) {
    self.technology = technology
    self.role = role
    self.process = process
  }

  /// The process as provenance text: `haproxy (pid 12)`.
  var origin: String { process.label }
}
