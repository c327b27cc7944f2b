import Foundation

extension StackDiscovery {
  /// A database or cache the application's environment names.
  struct NamedDependency {
    var scheme: String
    var endpoint: NetworkEndpoint
    var user: String?
    var password: String?
    var database: String?
    var variable: String
  }

  /// The prefix of the variables that hold discovered credentials in the probes' environment (in
  /// memory: never exported, and removed from what `command` probes' programs inherit).
  public static let secretPrefix = "TRIAGE_DISCOVERED_"

  /// The variables that hold the discovered credentials, as `*_password_env` inputs name them.
  static let passwordVariables = [
    "db": secretPrefix + "DB_PASSWORD", "pgbouncer": secretPrefix + "PGBOUNCER_PASSWORD",
    "pgbouncer_client": secretPrefix + "PGBOUNCER_CLIENT_PASSWORD", "mysql": secretPrefix + "MYSQL_PASSWORD",
  ]

  /// The database, pool and cache endpoints: those the application's environment names
  /// (`DATABASE_URL`, `REDIS_URL`, `PG*`, any variable holding such a URL or a libpq connection
  /// string), else the servers running here; an input is emptied ("this stack has none") only
  /// when the environment could be read and nothing runs here.
  mutating func findDependencies() {
    let application = chain.last { $0.role == .application }
    var environment: [String: String]?
    if let application {
      environment = application.process.environment()
      if environment == nil { notes.append("cannot read the environment of \(application.process.label)") }
      environment = environment?.merging(application.environment) { _, configured in configured }
    }
    var named = Self.dependencies(in: environment ?? [:])
    for index in named.indices where named[index].scheme == "database" {
      named[index].scheme = databaseTechnology(at: named[index].endpoint, client: application?.process)
    }
    let origin = application.map { "the environment of \($0.process.label)" } ?? ""
    var postgres = named.first { $0.scheme == "postgres" }
    let mysql = named.first { $0.scheme == "mysql" }
    let redis = named.first { $0.scheme == "redis" }
    if let dependency = postgres, let index = dependencyServer(at: dependency.endpoint),
      findings[index].technology == "pgbouncer"
    {
      let pool = findings[index]
      let database = dependency.database ?? "postgres"
      setPostgres(
        "pgbouncer_dsn", dependency, database: "pgbouncer", secret: "pgbouncer",
        why: "\(dependency.variable) in \(origin) names \(pool.process.label)")
      inputs["pgbouncer_database"] = DiscoveredValue(database, from: "\(dependency.variable) in \(origin)")
      setPostgres(
        "pgbouncer_client_dsn", dependency, database: database, secret: "pgbouncer_client",
        why: "\(dependency.variable) in \(origin): the application's own way through \(pool.process.label)")
      if let server = pool.databases[database] ?? pool.databases["*"] {
        postgres?.endpoint = server.server
        setPostgres(
          "db_dsn", postgres!, database: server.name, secret: "db", why: "PgBouncer's database at \(server.location)")
      } else {
        postgres = nil
      }
    } else if let dependency = postgres {
      setPostgres(
        "db_dsn", dependency, database: dependency.database ?? "postgres", secret: "db",
        why: "\(dependency.variable) in \(origin)")
    }
    if postgres == nil {
      fallback("db_dsn", technology: "postgres", environment) {
        Self.connectionString($0, database: "postgres", user: "postgres")
      }
    }
    if named.first(where: { $0.scheme == "postgres" }) == nil {
      fallback("pgbouncer_dsn", technology: "pgbouncer", environment) {
        Self.connectionString($0, database: "pgbouncer", user: "pgbouncer")
      }
    }
    if let dependency = redis {
      inputs["cache_url"] = DiscoveredValue(
        "redis://\(dependency.endpoint)", from: "\(dependency.variable) in \(origin)")
    } else {
      fallback("cache_url", technology: "redis", environment) { "redis://\($0)" }
    }
    if let dependency = mysql {
      let user = dependency.user.map { "\($0)@" } ?? ""
      inputs["mysql_url"] = DiscoveredValue(
        "mysql://\(user)\(dependency.endpoint)/", from: "\(dependency.variable) in \(origin)")
      remember(dependency.password, as: "mysql")
    } else {
      fallback("mysql_url", technology: "mysql", environment) { "mysql://\($0)/" }
    }
  }

  /// Which database technology listens at `endpoint` (or, when nothing does, which client library
  /// the application has loaded, then the port's usual owner).
  private func databaseTechnology(at endpoint: NetworkEndpoint, client: RunningProcess?) -> String {
    if let index = dependencyServer(at: endpoint) {
      return findings[index].technology == "mysql" ? "mysql" : "postgres"
    }
    if let client, client.loadsLibrary(["libpq.so", "_psycopg", "pdo_pgsql", "pgsql.so"]) { return "postgres" }
    if let client, client.loadsLibrary(["mysqli.so", "mysqlnd.so", "libmariadb", "libmysqlclient", "pdo_mysql"]) {
      return "mysql"
    }
    return endpoint.port == 3306 ? "mysql" : "postgres"
  }

  /// The recognized database, pool or cache listening at `endpoint`.
  private func dependencyServer(at endpoint: NetworkEndpoint) -> Int? {
    findings.indices.first {
      findings[$0].role == .dependency && findings[$0].process.listens.contains { $0.port == endpoint.port }
    }
  }

  private mutating func setPostgres(
    _ input: String, _ dependency: NamedDependency, database: String, secret: String, why: String
  ) {
    inputs[input] = DiscoveredValue(
      Self.connectionString(dependency.endpoint, database: database, user: dependency.user), from: why)
    remember(dependency.password, as: secret)
  }

  private mutating func remember(_ password: String?, as name: String) {
    guard let password, !password.isEmpty, let variable = Self.passwordVariables[name] else { return }
    secrets[variable] = password
    inputs["\(name)_password_env"] = DiscoveredValue(
      variable, from: "the password in the application's environment, held in memory (never printed)")
  }

  /// A server of `technology` running here, else "none" when the application's environment was read.
  private mutating func fallback(
    _ input: String, technology: String, _ environment: [String: String]?, value: (NetworkEndpoint) -> String
  ) {
    let servers = findings.filter { $0.technology == technology && !$0.process.listens.isEmpty }
    if let server = servers.min(by: { $0.process.listens.min()! < $1.process.listens.min()! }) {
      let listen = server.process.listens.min()!
      inputs[input] = DiscoveredValue(value(listen), from: "\(server.process.label) listens on \(listen)")
      if servers.count > 1 { notes.append("several \(technology) servers; \(input) names the one on the lowest port") }
    } else if environment != nil {
      inputs[input] = DiscoveredValue(
        "", from: "no \(technology) server runs here and the application's environment names none")
    }
  }

  /// A libpq keyword connection string (`host=… port=… dbname=… user=…`): unlike a URL's user
  /// part, its user survives credential redaction, so the printed config keeps it.
  static func connectionString(_ endpoint: NetworkEndpoint, database: String, user: String?) -> String {
    "host=\(endpoint.host) port=\(endpoint.port) dbname=\(database)" + (user.map { " user=\($0)" } ?? "")
  }

  /// The dependencies named in an environment.
  static func dependencies(in environment: [String: String]) -> [NamedDependency] {
    var found: [NamedDependency] = []
    for (name, value) in environment.sorted(by: { preferred($0.key) < preferred($1.key) }) {
      if let dependency = fromURL(value, variable: name) ?? fromKeywords(value, variable: name) {
        found.append(dependency)
      }
    }
    found += splitSettings(in: environment)
    if let host = environment["PGHOST"], !host.hasPrefix("/") {
      found.append(
        NamedDependency(
          scheme: "postgres", endpoint: NetworkEndpoint(host: host, port: Int(environment["PGPORT"] ?? "") ?? 5432),
          user: environment["PGUSER"], password: environment["PGPASSWORD"], database: environment["PGDATABASE"],
          variable: "PGHOST"))
    }
    return found
  }

  /// A database given as separate variables sharing a prefix (`DB_HOST`, `DB_PORT`, `DB_USER`,
  /// `DB_PASSWORD`, `DB_NAME`; Laravel's `DB_DATABASE`, `DB_USERNAME`): its technology is
  /// decided by what listens there.
  private static func splitSettings(in environment: [String: String]) -> [NamedDependency] {
    var found: [NamedDependency] = []
    for (name, host) in environment.sorted(by: { $0.key < $1.key })
    where (name.hasSuffix("DB_HOST") || name.hasSuffix("DATABASE_HOST")) && !host.isEmpty && !host.hasPrefix("/") {
      let prefix = String(name.dropLast("HOST".count))
      func value(_ keys: String...) -> String? { keys.lazy.compactMap { environment[prefix + $0] }.first }
      found.append(
        NamedDependency(
          scheme: "database", endpoint: NetworkEndpoint(host: host, port: Int(value("PORT") ?? "") ?? 5432),
          user: value("USER", "USERNAME"), password: value("PASSWORD", "PASS"), database: value("NAME", "DATABASE"),
          variable: name))
    }
    return found
  }

  /// Well-known variable names first, then the rest by name.
  private static func preferred(_ name: String) -> String {
    ["DATABASE_URL", "REDIS_URL", "CACHE_URL", "MYSQL_URL"].contains(name) ? "0" + name : "1" + name
  }

  private static func fromURL(_ value: String, variable: String) -> NamedDependency? {
    guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
      let host = components.host, !host.isEmpty
    else { return nil }
    let kind: String
    let defaultPort: Int
    switch scheme {
    case "postgres", "postgresql": (kind, defaultPort) = ("postgres", 5432)
    case "redis", "rediss": (kind, defaultPort) = ("redis", 6379)
    case "mysql", "mariadb", "mysql2": (kind, defaultPort) = ("mysql", 3306)
    default: return nil
    }
    let path = components.path.trimming("/")
    return NamedDependency(
      scheme: kind, endpoint: NetworkEndpoint(host: host, port: components.port ?? defaultPort),
      user: components.user.flatMap { $0.removingPercentEncoding },
      password: components.password?.removingPercentEncoding,
      database: path.isEmpty ? nil : path, variable: variable)
  }

  /// `host=… port=… dbname=… user=… password=…` (libpq's keyword form).
  private static func fromKeywords(_ value: String, variable: String) -> NamedDependency? {
    var pairs: [String: String] = [:]
    for word in ConfigLine.words(value) {
      let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
      if parts.count == 2 { pairs[parts[0]] = parts[1] }
    }
    guard let host = pairs["host"], !host.hasPrefix("/"), pairs["dbname"] != nil || pairs["port"] != nil else {
      return nil
    }
    return NamedDependency(
      scheme: "postgres", endpoint: NetworkEndpoint(host: host, port: Int(pairs["port"] ?? "") ?? 5432),
      user: pairs["user"], password: pairs["password"], database: pairs["dbname"], variable: variable)
  }
}
