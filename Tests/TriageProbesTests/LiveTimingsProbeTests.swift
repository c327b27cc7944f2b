import Foundation
import Testing
import TriageCEL
import TriageCore

@testable import TriageProbes

extension LiveServerProbeTests {
  /// Every kind once against the healthy live stack, one after the other and then all at once (as
  /// an audit runs them): each answers well under a second, and together they take about as long as
  /// the slowest. Prints the figures.
  @Suite(.serialized) struct LiveTimingsProbeTests {
    @Test func healthyStackAnswersQuickly() async throws {
      let servers = try LiveServers.load()
      let environment = [
        "TRIAGE_TEST_PG": try servers("TRIAGE_PG_PASSWORD"), "TRIAGE_TEST_REDIS": try servers("TRIAGE_REDIS_PASSWORD"),
        "PATH": Subprocess.defaultPath,
      ]
      let app = try servers.port("TRIAGE_APP_PORT")
      let probes: [(String, any ProbeKind.Type, [String: CELValue])] = [
        ("http front", HTTPProbe.self, ["url": .string("http://127.0.0.1:\(try servers.port("TRIAGE_LB_PORT"))/")]),
        ("http health", HTTPProbe.self, ["url": .string("http://127.0.0.1:\(app)/health/")]),
        ("tcp", TCPProbe.self, ["host": .string("127.0.0.1"), "port": .int(Int64(app))]),
        ("sockets", SocketsProbe.self, ["port": .int(Int64(app))]),
        ("process", ProcessProbe.self, ["name": .string("gunicorn")]),
        ("file loadavg", FileProbe.self, ["path": .string("/proc/loadavg"), "parse": .string("loadavg")]),
        ("file meminfo", FileProbe.self, ["path": .string("/proc/meminfo"), "parse": .string("meminfo")]),
        (
          "file cpuinfo", FileProbe.self,
          ["path": .string("/proc/cpuinfo"), "parse": .string("lines"), "max_bytes": .int(4 << 20)]
        ),
        (
          "command stat", CommandProbe.self,
          [
            "argv": .list([
              .string("stat"), .string("--file-system"), .string("--printf={\"avail\": %a}"), .string("/"),
            ]), "parse": .string("json"),
          ]
        ),
        ("systemd (fails here)", SystemdProbe.self, ["unit": .string("gunicorn")]),
        (
          "logs file", LogsProbe.self,
          [
            "file": .string("\(try servers("TRIAGE_SERVERS_DIR"))/app/gunicorn.log"), "since": .string("10m"),
            "patterns": .map(CELMap([(.string("timeout"), .string("WORKER TIMEOUT"))])),
          ]
        ),
        ("dns", DNSProbe.self, ["name": .string("localhost")]),
        (
          "redis", RedisProbe.self,
          [
            "url": .string("redis://127.0.0.1:\(try servers.port("TRIAGE_REDIS_PORT"))"),
            "password_env": .string("TRIAGE_TEST_REDIS"),
          ]
        ),
        (
          "postgres", PostgresProbe.self,
          [
            "dsn": .string("postgresql://triage@127.0.0.1:\(try servers.port("TRIAGE_PG_PORT"))/triage"),
            "password_env": .string("TRIAGE_TEST_PG"),
          ]
        ),
        (
          "haproxy socket", HAProxyProbe.self,
          ["socket": .string(try servers("TRIAGE_LB_STATS_SOCKET")), "backend": .string("app")]
        ),
        (
          "haproxy url", HAProxyProbe.self,
          ["url": .string(try servers("TRIAGE_LB_STATS_URL")), "backend": .string("app")]
        ),
      ]
      var slowest = Duration.zero
      var lines: [String] = []
      for (name, kind, parameters) in probes {
        _ = kind.run(probeRequest(parameters, environment: environment))
        let (outcome, duration) = measure(kind, probeRequest(parameters, environment: environment))
        slowest = max(slowest, duration)
        let ms = (duration.milliseconds * 10).rounded() / 10
        lines.append(
          "\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(ms) ms  \(outcome.reason.map { "failure: \($0)" } ?? outcome.evidence ?? "")"
        )
        #expect(duration < .seconds(1), "\(name) took \(duration)")
        if kind != SystemdProbe.self { #expect(outcome.value != nil, "\(name): \(outcome.text)") }
      }
      let start = ContinuousClock.now
      await withTaskGroup(of: Void.self) { group in
        for (_, kind, parameters) in probes {
          group.addTask { _ = await ProbeThread.run(kind, probeRequest(parameters, environment: environment)) }
        }
      }
      let together = ContinuousClock.now - start
      print("probe timings against the live servers (warm, sequential):\n  " + lines.joined(separator: "\n  "))
      print(
        "all \(probes.count) at once: \((together.milliseconds * 10).rounded() / 10) ms (slowest alone \((slowest.milliseconds * 10).rounded() / 10) ms)"
      )
      #expect(together < .seconds(1))
    }
  }
}
