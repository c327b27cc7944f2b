import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

extension LiveServerProbeTests {
  @Suite(.serialized) struct RedisProbeTests {
    let servers: LiveServers
    let port: Int
    let password: String

    init() throws {
      servers = try LiveServers.load()
      port = try servers.port("TRIAGE_REDIS_PORT")
      password = try servers("TRIAGE_REDIS_PASSWORD")
    }

    private func run(_ url: String, passwordEnv: String? = nil, timeout: Duration = .seconds(3)) -> (
      ProbeOutcome, Duration
    ) {
      var parameters: [String: CELValue] = ["url": .string(url)]
      if let passwordEnv { parameters["password_env"] = .string(passwordEnv) }
      return measure(
        RedisProbe.self, probeRequest(parameters, timeout: timeout, environment: ["TRIAGE_TEST_REDIS": password]))
    }

    @Test func pingsAndReadsInfo() throws {
      let (outcome, duration) = run("redis://127.0.0.1:\(port)/0", passwordEnv: "TRIAGE_TEST_REDIS")
      let result = try #require(outcome.value, "\(outcome.text)")
      #expect(result["ping"]?.bool == true)
      #expect(result["error"]?.string == "")
      #expect((result["connected_clients"]?.int ?? 0) >= 1)
      #expect(result["maxclients"]?.int == 64)
      #expect(result["maxmemory"]?.int == 64 << 20)
      #expect((result["used_memory"]?.int ?? 0) > 0)
      #expect(result["rejected_connections"]?.int != nil)
      #expect(result["version"]?.string?.isEmpty == false)
      #expect(!outcome.text.contains(password))
      #expect(duration < .milliseconds(200))
    }

    @Test func passwordInTheURLWorksAndStaysOutOfEvidence() throws {
      let (outcome, _) = run("redis://:\(password)@127.0.0.1:\(port)")
      #expect(outcome.value?["ping"]?.bool == true, "\(outcome.text)")
      #expect(!outcome.text.contains(password))
    }

    @Test func missingOrWrongPasswordIsAuth() throws {
      let (missing, _) = run("redis://127.0.0.1:\(port)")
      #expect(missing.value?["ping"]?.bool == false)
      #expect(missing.value?["error"]?.string == "auth", "\(missing.text)")
      let (wrong, _) = run("redis://:wrong-\(password)@127.0.0.1:\(port)")
      #expect(wrong.value?["error"]?.string == "auth", "\(wrong.text)")
      #expect(!wrong.text.contains(password))
    }

    @Test func stoppedRedisIsRefused() throws {
      let closed = try servers.port("TRIAGE_CLOSED_PORT")
      let (outcome, duration) = run("redis://127.0.0.1:\(closed)", passwordEnv: "TRIAGE_TEST_REDIS")
      let result = try #require(outcome.value, "an unreachable cache is an observation")
      #expect(result["ping"]?.bool == false)
      #expect(result["error"]?.string == "refused")
      #expect(duration < .milliseconds(100))
    }

    @Test func silentServerTimesOutWithinTheDeadline() throws {
      let blackhole = try servers.port("TRIAGE_BLACKHOLE_PORT")
      let (outcome, duration) = run("redis://127.0.0.1:\(blackhole)", timeout: .milliseconds(500))
      #expect(outcome.value?["error"]?.string == "timeout", "\(outcome.text)")
      #expect(duration < .milliseconds(550), "took \(duration)")
    }

    @Test func fullServerIsMaxclients() throws {
      var held: [SocketConnection] = []
      defer { held.removeAll() }
      var last: ProbeOutcome?
      for _ in 0..<80 {
        held.append(try SocketConnection.connect(host: "127.0.0.1", port: port, deadline: .now + .seconds(1)))
        let (outcome, _) = run("redis://127.0.0.1:\(port)", passwordEnv: "TRIAGE_TEST_REDIS")
        last = outcome
        if outcome.value?["ping"]?.bool == false { break }
      }
      #expect(last?.value?["error"]?.string == "maxclients", "\(last?.text ?? "")")
    }
  }
}
