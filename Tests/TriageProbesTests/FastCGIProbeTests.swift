import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

/// The `fastcgi` kind against the real PHP-FPM pool that scripts/servers/start runs.
@Suite struct FastCGIProbeTests {
  @Test func readsThePoolsStatusPageAsJSON() throws {
    let servers = try LiveServers.load()
    let address = "127.0.0.1:\(try servers.port("TRIAGE_FPM_PORT"))"
    let outcome = FastCGIProbe.run(
      probeRequest([
        "address": .string(address), "script": .string("/status"), "query": .string("json"),
        "parse": .string("json"),
      ]))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["status"]?.int == 200)
    #expect(result["parsed"]?["pool"]?.string == "triage")
    #expect(result["parsed"]?["total processes"]?.int == Int64(try servers("TRIAGE_FPM_CHILDREN")))
    #expect(result["parsed"]?["max children reached"]?.int != nil)
  }

  @Test func pingAnswersPong() throws {
    let servers = try LiveServers.load()
    let address = "127.0.0.1:\(try servers.port("TRIAGE_FPM_PORT"))"
    let result = try #require(
      FastCGIProbe.run(probeRequest(["address": .string(address), "script": .string("/ping")])).value)
    #expect(result["body"]?.string == "pong")
  }

  @Test func aClosedPortIsRefusedAndASilentOneTimesOutInItsWindow() throws {
    let servers = try LiveServers.load()
    let closed = try #require(
      FastCGIProbe.run(
        probeRequest([
          "address": .string("127.0.0.1:\(try servers.port("TRIAGE_CLOSED_PORT"))"), "script": .string("/ping"),
        ])
      ).value)
    #expect(closed["error"]?.string == "refused")
    let (outcome, duration) = measure(
      FastCGIProbe.self,
      probeRequest(
        [
          "address": .string("127.0.0.1:\(try servers.port("TRIAGE_BLACKHOLE_PORT"))"), "script": .string("/ping"),
          "timeout": .string("500ms"),
        ], timeout: .seconds(3)))
    #expect(outcome.value?["error"]?.string == "timeout")
    #expect(duration < .seconds(2))
  }

  @Test func cgiAnswersSplitIntoStatusHeadersAndBody() {
    let answer = Array("Status: 503 Service Unavailable\r\nContent-type: text/plain\r\n\r\nbusy".utf8)
    let split = FastCGIRecords.splitCGI(answer)
    #expect(split.status == 503)
    #expect(split.headers.first { $0.0 == "content-type" }?.1 == "text/plain")
    #expect(split.body == Array("busy".utf8))
  }
}
