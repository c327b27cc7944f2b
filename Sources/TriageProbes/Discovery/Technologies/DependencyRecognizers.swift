/// PostgreSQL: the postmaster and the ports it listens on.
enum PostgresRecognizer: TechnologyRecognizer {
  static let processNames = ["postgres", "postmaster"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    TechnologyFinding(technology: "postgres", role: .dependency, process: process)
  }
}

/// MySQL or MariaDB: the server and the ports it listens on.
enum MySQLRecognizer: TechnologyRecognizer {
  static let processNames = ["mysqld", "mariadbd"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    TechnologyFinding(technology: "mysql", role: .dependency, process: process)
  }
}

/// Redis: the server and the ports it listens on.
enum RedisRecognizer: TechnologyRecognizer {
  static let processNames = ["redis-server"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    TechnologyFinding(technology: "redis", role: .dependency, process: process)
  }
}

/// PgBouncer: its configuration file (the last argument); `[databases]` entries, which it
/// forwards to PostgreSQL.
enum PgBouncerRecognizer: TechnologyRecognizer {
  static let processNames = ["pgbouncer"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "pgbouncer", role: .dependency, process: process)
    guard let path = process.argv.dropFirst().last(where: { !$0.hasPrefix("-") }).map(process.absolute),
      let entries = IniEntry.read(path)
    else {
      finding.notes.append("pgbouncer: cannot read its configuration")
      return finding
    }
    for entry in entries where entry.section == "databases" {
      var host = "127.0.0.1"
      var port = 5432
      var database = entry.key
      for pair in entry.value.split(separator: " ") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        switch parts[0] {
        case "host": host = parts[1]
        case "port": port = Int(parts[1]) ?? port
        case "dbname": database = parts[1]
        default: break
        }
      }
      guard !host.hasPrefix("/") else { continue }
      finding.databases[entry.key] = (NetworkEndpoint(host: host, port: port), database, entry.line.location)
    }
    return finding
  }
}
