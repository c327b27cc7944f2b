import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

extension LiveServerProbeTests {
  /// The `pgbouncer` kind against the real PgBouncer that scripts/servers/start runs in front of
  /// the private PostgreSQL cluster (session pooling, a pool of TRIAGE_PGBOUNCER_POOL_SIZE).
  @Suite(.serialized) struct PgBouncerProbeTests {
    let servers: LiveServers
    let port: Int
    let password: String

    init() throws {
      servers = try LiveServers.load()
      port = try servers.port("TRIAGE_PGBOUNCER_PORT")
      password = try servers("TRIAGE_PG_PASSWORD")
    }

    private func run(password: String?, port: Int? = nil) -> ProbeOutcome {
      var parameters: [String: CELValue] = [
        "dsn": .string("postgresql://triage@127.0.0.1:\(port ?? self.port)/pgbouncer"),
        "password_env": .string("TRIAGE_TEST_PGBOUNCER"),
      ]
      var environment: [String: String] = [:]
      if let password { environment["TRIAGE_TEST_PGBOUNCER"] = password } else { parameters["password_env"] = nil }
      return PgBouncerProbe.run(probeRequest(parameters, timeout: .seconds(5), environment: environment))
    }

    /// A client of the application's database through PgBouncer, as the application holds one.
    private func client(database: String = "triage") throws(PostgresSession.Failure) -> PostgresSession {
      try PostgresSession.connect(
        dsn: "postgresql://triage@127.0.0.1:\(port)/\(database)", settings: [("password", password)],
        deadline: .now + .seconds(3))
    }

    private func pool(_ result: CELValue, _ database: String) -> CELValue? {
      result["pools"]?.list?.first { $0["database"]?.string == database }
    }

    @Test func readsPoolsAndDatabasesFromTheAdminConsole() throws {
      let outcome = run(password: password)
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["connected"]?.bool == true)
      #expect(result["error"]?.string == "")
      let database = try #require(result["databases"]?.list?.first { $0["name"]?.string == "triage" })
      #expect(database["pool_size"]?.int == Int64(try servers("TRIAGE_PGBOUNCER_POOL_SIZE")))
      #expect(database["port"]?.int == Int64(try servers.port("TRIAGE_PG_PORT")))
      #expect(database["host"]?.string == "127.0.0.1")
      #expect(pool(result, "pgbouncer")?["cl_active"]?.int ?? 0 >= 1, "the probe's own console session")
      #expect(!outcome.text.contains(password))
    }

    /// Runs `body` while every server connection of the pool is held (session pooling: each client
    /// keeps its server connection while it runs) and one more client waits; then lets the sleeps
    /// end and has PgBouncer close its server connections (the PostgreSQL suites count every
    /// connection to the cluster).
    private func withPoolHeld(_ body: () throws -> Void) throws {
      let size = Int(try servers("TRIAGE_PGBOUNCER_POOL_SIZE")) ?? 2
      let holders = try (0..<size).map { _ in try client() }
      for holder in holders { try holder.send("SELECT pg_sleep(3)", until: .now + .seconds(2)) }
      let waiter = try client()
      try waiter.send("SELECT 1", until: .now + .seconds(2))
      defer {
        for session in holders + [waiter] { _ = try? session.receive(until: .now + .seconds(4)) }
        if let admin = try? client(database: "pgbouncer") {
          _ = try? admin.query("KILL triage", until: .now + .seconds(2))
          _ = try? admin.query("RESUME triage", until: .now + .seconds(2))
        }
      }
      try body()
    }

    @Test func clientsBeyondThePoolWaitForAServerConnection() throws {
      let size = Int(try servers("TRIAGE_PGBOUNCER_POOL_SIZE")) ?? 2
      try withPoolHeld {
        Thread.sleep(forTimeInterval: 1.2)
        let result = try #require(run(password: password).value)
        let triage = try #require(pool(result, "triage"), "no pool for the database triage: \(result)")
        #expect(triage["sv_active"]?.int == Int64(size))
        #expect(triage["cl_waiting"]?.int == 1)
        #expect(triage["sv_idle"]?.int == 0)
        #expect(triage["maxwait"]?.int ?? -1 >= 1, "the waiter has waited a second: \(triage)")
        #expect(triage["pool_mode"]?.string == "session")
      }
    }

    /// The `postgres` kind pointed at PgBouncer as the application connects (PgBouncer refuses
    /// the startup `options` the kind sets, so it connects again without them).
    private func postgresRequest(answerWithin timeout: String) -> ProbeRequest {
      probeRequest(
        [
          "dsn": .string("postgresql://triage@127.0.0.1:\(port)/triage"),
          "password_env": .string("TRIAGE_TEST_PGBOUNCER"), "timeout": .string(timeout),
        ], timeout: .seconds(5), environment: ["TRIAGE_TEST_PGBOUNCER": password])
    }

    @Test func thePostgresKindReadsTheDatabaseThroughPgBouncer() throws {
      let outcome = PostgresProbe.run(postgresRequest(answerWithin: "3s"))
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["connected"]?.bool == true)
      #expect(result["logged_in"]?.bool == true)
      #expect(result["max_connections"]?.int ?? 0 > 0)
      #expect(outcome.text.contains("through a pooler"), "\(outcome.text)")
      #expect(!outcome.text.contains(password))
    }

    @Test func aClientLetInAndQueuedByAUsedUpPoolIsLoggedInButUnanswered() throws {
      try withPoolHeld {
        let (outcome, took) = measure(PostgresProbe.self, postgresRequest(answerWithin: "1s"))
        let result = try #require(outcome.value, "\(outcome.text)")
        #expect(result["logged_in"]?.bool == true)
        #expect(result["connected"]?.bool == false)
        #expect(result["error"]?.string == "timeout")
        #expect(took < .seconds(2), "the answer window (1 s) bounds the wait, not the probe's 5 s")
      }
    }

    @Test func aWrongPasswordIsAuthAndAClosedPortIsRefused() throws {
      let wrong = try #require(run(password: "not-the-password").value)
      #expect(wrong["connected"]?.bool == false)
      #expect(wrong["error"]?.string == "auth")
      #expect(wrong["pools"]?.list?.isEmpty == true)
      let closed = try #require(run(password: password, port: try servers.port("TRIAGE_CLOSED_PORT")).value)
      #expect(closed["error"]?.string == "refused")
    }
  }
}
