import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

extension LiveServerProbeTests {
  /// The `mysql` kind against the real MariaDB that scripts/servers/start runs (max_connections 10).
  @Suite(.serialized) struct MySQLProbeTests {
    private func url(_ servers: LiveServers, user: String = "monitor", port: Int? = nil) throws -> String {
      "mysql://\(user)@127.0.0.1:\(try port ?? servers.port("TRIAGE_MYSQL_PORT"))/"
    }

    private func environment(_ servers: LiveServers) throws -> [String: String] {
      ["TRIAGE_TEST_MYSQL_PASSWORD": try servers("TRIAGE_MYSQL_PASSWORD")]
    }

    @Test func readsTheConnectionFigures() throws {
      let servers = try LiveServers.load()
      let outcome = MySQLProbe.run(
        probeRequest(
          ["url": .string(try url(servers)), "password_env": .string("TRIAGE_TEST_MYSQL_PASSWORD")],
          environment: try environment(servers)))
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["connected"]?.bool == true)
      #expect(result["error"]?.string == "")
      #expect(result["max_connections"]?.int == Int64(try servers("TRIAGE_MYSQL_MAX_CONNECTIONS")))
      #expect((result["threads_connected"]?.int ?? 0) >= 1)
      #expect(result["version"]?.string?.contains("MariaDB") == true)
      #expect(!outcome.text.contains(try servers("TRIAGE_MYSQL_PASSWORD")))
    }

    @Test func aWrongPasswordIsAuthByNumber() throws {
      let servers = try LiveServers.load()
      let outcome = MySQLProbe.run(
        probeRequest(["url": .string(try url(servers)), "password_env": .string("X")], environment: ["X": "wrong"]))
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["connected"]?.bool == false)
      #expect(result["error"]?.string == "auth")
      #expect(result["errno"]?.int == 1045)
    }

    @Test func aClosedPortIsRefused() throws {
      let servers = try LiveServers.load()
      let closed = try servers.port("TRIAGE_CLOSED_PORT")
      let result = try #require(MySQLProbe.run(probeRequest(["url": .string(try url(servers, port: closed))])).value)
      #expect(result["error"]?.string == "refused")
      #expect([2002, 2003].contains(result["errno"]?.int ?? 0))
    }

    @Test func aSilentServerIsATimeoutWithinTheAnswerWindow() throws {
      let servers = try LiveServers.load()
      let blackhole = try servers.port("TRIAGE_BLACKHOLE_PORT")
      let (outcome, duration) = measure(
        MySQLProbe.self,
        probeRequest(
          ["url": .string(try url(servers, port: blackhole)), "timeout": .string("800ms")], timeout: .seconds(4)))
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["error"]?.string == "timeout")
      #expect(duration < .seconds(2), "took \(duration)")
    }

    /// Every slot held by `triage` sessions: the monitor is refused with 1040, classified by number.
    @Test func everySlotTakenIsTooManyConnections() throws {
      let servers = try LiveServers.load()
      let password = try servers("TRIAGE_MYSQL_PASSWORD")
      let port = try servers.port("TRIAGE_MYSQL_PORT")
      var held: [MySQLSession] = []
      for _ in 0..<30 {
        guard
          let session = try? MySQLSession.connect(
            host: "127.0.0.1", port: port, socket: nil, user: "triage", password: password, database: nil,
            deadline: .now + .seconds(3))
        else { break }
        held.append(session)
      }
      #expect(held.count >= 9)
      let outcome = MySQLProbe.run(
        probeRequest(
          ["url": .string(try url(servers)), "password_env": .string("TRIAGE_TEST_MYSQL_PASSWORD")],
          environment: try environment(servers)))
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["error"]?.string == "too_many_connections")
      #expect(result["errno"]?.int == 1040)
      withExtendedLifetime(held) {}
    }
  }
}
