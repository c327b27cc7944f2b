import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

extension LiveServerProbeTests {
  @Suite(.serialized) struct PostgresProbeTests {
    let servers: LiveServers
    let port: Int
    let password: String
    let dsn: String

    init() throws {
      servers = try LiveServers.load()
      port = try servers.port("TRIAGE_PG_PORT")
      password = try servers("TRIAGE_PG_PASSWORD")
      dsn = "postgresql://\(try servers("TRIAGE_PG_USER"))@127.0.0.1:\(port)/\(try servers("TRIAGE_PG_DATABASE"))"
    }

    private func run(_ dsn: String, password: String? = nil, timeout: Duration = .seconds(5)) -> (
      ProbeOutcome, Duration
    ) {
      var environment: [String: String] = [:]
      var parameters: [String: CELValue] = ["dsn": .string(dsn), "password_env": .string("TRIAGE_TEST_PG")]
      if let password { environment["TRIAGE_TEST_PG"] = password }
      if password == nil { parameters["password_env"] = nil }
      return measure(PostgresProbe.self, probeRequest(parameters, timeout: timeout, environment: environment))
    }

    /// A connection of the test's own (not the probe's), as the application would hold one.
    private func hold() throws(PostgresSession.Failure) -> PostgresSession {
      try PostgresSession.connect(dsn: dsn, settings: [("password", password)], deadline: .now + .seconds(3))
    }

    @Test func countsConnectionsByState() throws {
      let idle = try [hold(), hold()]
      let inTransaction = try hold()
      _ = try inTransaction.query("BEGIN; SELECT 1", until: .now + .seconds(2))
      let locker = try hold()
      _ = try locker.query("SELECT pg_advisory_lock(4242)", until: .now + .seconds(2))
      let waiter = try hold()
      try waiter.send("SELECT pg_advisory_lock(4242)", until: .now + .seconds(2))
      defer { withExtendedLifetime((idle, inTransaction, locker, waiter)) {} }
      Thread.sleep(forTimeInterval: 0.1)
      let (outcome, duration) = run(dsn, password: password)
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["connected"]?.bool == true)
      #expect(result["error"]?.string == "")
      #expect((result["idle"]?.int ?? 0) >= 3, "two idle holders and the lock holder")
      #expect(result["idle_in_transaction"]?.int == 1)
      #expect(result["active"]?.int == 1, "the waiter")
      #expect(result["waiting_locks"]?.int == 1)
      #expect(result["total"]?.int == 5, "the probe's own connection is not counted")
      #expect(result["max_connections"]?.int == Int64(try servers("TRIAGE_PG_MAX_CONNECTIONS")))
      #expect(result["reserved_connections"]?.int == Int64(try servers("TRIAGE_PG_RESERVED_CONNECTIONS")))
      #expect(result["server_version"]?.string?.isEmpty == false)
      #expect(!outcome.text.contains(password))
      #expect(duration < .milliseconds(300), "took \(duration)")
    }

    @Test func sessionIsReadOnly() throws {
      let session = try PostgresSession.connect(
        dsn: dsn, settings: [("password", password), ("options", "-c default_transaction_read_only=on")],
        deadline: .now + .seconds(3))
      #expect(throws: PostgresSession.Failure.self) {
        try session.query("CREATE TABLE triage_should_not_exist (x int)", until: .now + .seconds(2))
      }
    }

    @Test func everySlotTakenIsTooManyConnections() throws {
      var holders: [PostgresSession] = []
      defer { holders.removeAll() }
      var refusal: PostgresSession.Failure?
      for _ in 0..<20 {
        do {
          holders.append(try hold())
        } catch {
          refusal = error
          break
        }
      }
      let failure = try #require(refusal, "PostgreSQL accepted 20 connections with max_connections 12")
      #expect(failure.kind == "too_many_connections", "\(failure.message)")
      let maximum = try Int(servers("TRIAGE_PG_MAX_CONNECTIONS")) ?? 0
      let reserved = try Int(servers("TRIAGE_PG_RESERVED_CONNECTIONS")) ?? 0
      #expect(holders.count == maximum - reserved)
      let (outcome, duration) = run(dsn, password: password)
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["connected"]?.bool == false)
      #expect(result["error"]?.string == "too_many_connections")
      #expect(duration < .milliseconds(300))
      holders.removeAll()
      Thread.sleep(forTimeInterval: 0.2)
      #expect(run(dsn, password: password).0.value?["connected"]?.bool == true, "slots are free again")
    }

    @Test func wrongOrMissingPasswordIsAuth() throws {
      let (wrong, _) = run(dsn, password: "not-the-password")
      #expect(wrong.value?["error"]?.string == "auth", "\(wrong.text)")
      #expect(!wrong.text.contains("not-the-password"))
      let inline = "postgresql://triage:also-wrong-\(password)@127.0.0.1:\(port)/triage"
      let (inlineWrong, _) = run(inline)
      #expect(inlineWrong.value?["error"]?.string == "auth", "\(inlineWrong.text)")
      #expect(!inlineWrong.text.contains(password))
      let (missing, _) = run(dsn)
      #expect(missing.value?["error"]?.string == "auth", "\(missing.text)")
    }

    @Test func passwordFromAFile() throws {
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("triage-pg-\(UUID().uuidString)").path
      try (password + "\n").write(toFile: path, atomically: false, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: path) }
      let outcome = PostgresProbe.run(
        probeRequest(["dsn": .string(dsn), "password_file": .string(path)], environment: [:]))
      #expect(outcome.value?["connected"]?.bool == true, "\(outcome.text)")
      let missing = PostgresProbe.run(probeRequest(["dsn": .string(dsn), "password_file": .string(path + ".none")]))
      #expect(missing.reason?.contains("password_file") == true)
    }

    @Test func keyValueDSN() throws {
      let (outcome, _) = run("host=127.0.0.1 port=\(port) dbname=triage user=triage", password: password)
      #expect(outcome.value?["connected"]?.bool == true, "\(outcome.text)")
    }

    @Test func closedPortIsRefused() throws {
      let closed = try servers.port("TRIAGE_CLOSED_PORT")
      let (outcome, duration) = run("postgresql://triage@127.0.0.1:\(closed)/triage", password: password)
      #expect(outcome.value?["connected"]?.bool == false)
      #expect(outcome.value?["error"]?.string == "refused", "\(outcome.text)")
      #expect(duration < .milliseconds(100))
    }

    @Test func silentServerTimesOutWithinTheDeadline() throws {
      let blackhole = try servers.port("TRIAGE_BLACKHOLE_PORT")
      let (outcome, duration) = run(
        "postgresql://triage@127.0.0.1:\(blackhole)/triage?sslmode=disable", password: password,
        timeout: .milliseconds(400))
      #expect(outcome.value?["error"]?.string == "timeout", "\(outcome.text)")
      #expect(duration < .milliseconds(450), "took \(duration)")
    }
  }
}

/// PostgreSQL refusals are classified by SQLSTATE, whatever language the server speaks.
@Suite struct PostgresClassificationTests {
  @Test(arguments: [
    ("FATAL:  53300: sorry, too many clients already", "too_many_connections"),
    ("FATAL:  53300: keine Verbindungsslots mehr frei", "too_many_connections"),
    ("FATAL:  28P01: Passwort-Authentifizierung für Benutzer »x« fehlgeschlagen", "auth"),
    ("FATAL:  57P03: das Datenbanksystem fährt hoch", "unavailable"),
    ("FATAL:  53300: trop de clients", "too_many_connections"),
    ("connection to server at \"127.0.0.1\", port 1 failed: Connection refused", "refused"),
  ])
  func byStateNotWords(_ pair: (String, String)) {
    #expect(PostgresSession.classify(pair.0, sqlState: PostgresSession.sqlState(in: pair.0)) == pair.1)
  }
}
