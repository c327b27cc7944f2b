import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

@Suite struct HAProxyProbeTests {
  let servers: LiveServers

  init() throws { servers = try LiveServers.load() }

  private func check(_ outcome: ProbeOutcome) throws {
    let result = try #require(outcome.value, "\(outcome.text)")
    let backend = try #require(result["backend"])
    #expect(backend["name"]?.string == "app")
    #expect(backend["status"]?.string == "UP")
    #expect(backend["active_servers"]?.int == 1)
    #expect(backend["backup_servers"]?.int == 0)
    #expect(backend["queue"]?.int == 0)
    let servers = try #require(result["servers"]?.list)
    #expect(servers.count == 1)
    #expect(servers[0]["name"]?.string == "app1")
    #expect(servers[0]["status"]?.string == "UP")
    #expect(servers[0]["check_status"]?.string == "L7OK")
    #expect(servers[0]["check_code"]?.int == 200)
    #expect(servers[0]["session_limit"]?.int == 20)
    let frontends = try #require(result["frontends"]?.list)
    #expect(frontends.contains { $0["name"]?.string == "web" && $0["status"]?.string == "OPEN" })
  }

  @Test func statsSocket() throws {
    let (outcome, duration) = measure(
      HAProxyProbe.self,
      probeRequest([
        "socket": .string(try servers("TRIAGE_LB_STATS_SOCKET")), "url": .string(""), "backend": .string("app"),
      ]))
    try check(outcome)
    #expect(duration < .milliseconds(200))
  }

  @Test func statsURL() throws {
    let (outcome, duration) = measure(
      HAProxyProbe.self,
      probeRequest([
        "socket": .string(""), "url": .string(try servers("TRIAGE_LB_STATS_URL")), "backend": .string("app"),
      ]))
    try check(outcome)
    #expect(duration < .milliseconds(200))
  }

  @Test func downAndMaintenance() throws {
    let url = CELValue.string(try servers("TRIAGE_LB_STATS_URL"))
    var degraded = try #require(HAProxyProbe.run(probeRequest(["url": url, "backend": .string("degraded")])).value)
    // While a check runs, HAProxy shows its status with a "* " (which the probe takes off and
    // reports as check_running) and no last check text: ask again until it has finished.
    for _ in 0..<40 where degraded["servers"]?[1]?["check_running"] == .bool(true) {
      usleep(50_000)
      degraded = try #require(HAProxyProbe.run(probeRequest(["url": url, "backend": .string("degraded")])).value)
    }
    #expect(degraded["backend"]?["status"]?.string == "UP")
    #expect(degraded["backend"]?["active_servers"]?.int == 1)
    let down = try #require(degraded["servers"]?[1])
    #expect(down["name"]?.string == "down1")
    #expect(down["status"]?.string == "DOWN")
    #expect(down["check_status"]?.string == "L4CON")
    #expect(down["check_running"] == .bool(false))
    #expect(down["last_check"]?.string == "Connection refused")
    let outcome = HAProxyProbe.run(probeRequest(["url": url, "backend": .string("maint")]))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["backend"]?["status"]?.string == "DOWN")
    #expect(result["backend"]?["active_servers"]?.int == 0)
    #expect(result["servers"]?[0]?["status"]?.string == "MAINT")
  }

  @Test func aRunningCheckIsReportedWithoutItsMarker() {
    #expect(HAProxyProbe.checkStatus("* L4CON") == "L4CON")
    #expect(HAProxyProbe.checkStatus("L7OK") == "L7OK")
    #expect(HAProxyProbe.checkStatus("") == "")
  }

  @Test func backendMustBeKnownOrUnambiguous() throws {
    let url = CELValue.string(try servers("TRIAGE_LB_STATS_URL"))
    #expect(
      HAProxyProbe.run(probeRequest(["url": url])).reason?.contains("several backends (app, degraded, maint)") == true)
    #expect(
      HAProxyProbe.run(probeRequest(["url": url, "backend": .string("nope")])).reason?.contains("no backend 'nope'")
        == true)
  }

  @Test func unreachableStatsAreAFailure() throws {
    let closed = try servers.port("TRIAGE_CLOSED_PORT")
    let refused = HAProxyProbe.run(probeRequest(["url": .string("http://127.0.0.1:\(closed)/stats;csv")]))
    #expect(refused.reason?.contains("connection refused") == true, "\(refused.text)")
    let missing = HAProxyProbe.run(probeRequest(["socket": .string("/nonexistent/admin.sock")]))
    #expect(missing.reason != nil)
    let blackhole = try servers.port("TRIAGE_BLACKHOLE_PORT")
    let (silent, duration) = measure(
      HAProxyProbe.self,
      probeRequest(["url": .string("http://127.0.0.1:\(blackhole)/stats;csv")], timeout: .milliseconds(400)))
    #expect(silent.reason?.hasPrefix("timed out") == true, "\(silent.text)")
    #expect(duration < .milliseconds(450))
    let app = try servers.port("TRIAGE_APP_PORT")
    let notStats = HAProxyProbe.run(probeRequest(["url": .string("http://127.0.0.1:\(app)/")]))
    #expect(notStats.reason?.contains("CSV") == true, "\(notStats.text)")
    #expect(HAProxyProbe.run(probeRequest(["socket": .string(""), "url": .string("")])).reason != nil)
  }
}
