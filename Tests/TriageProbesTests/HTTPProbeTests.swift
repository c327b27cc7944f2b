import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

/// The http and tcp kinds against the live servers and their failure modes.
@Suite struct HTTPProbeTests {
  let servers: LiveServers

  init() throws { servers = try LiveServers.load() }

  @Test func appThroughTheLoadBalancerAndDirect() throws {
    let lb = try servers.port("TRIAGE_LB_PORT")
    let (front, frontDuration) = measure(HTTPProbe.self, probeRequest(["url": .string("http://127.0.0.1:\(lb)/")]))
    #expect(front.value?["status"]?.int == 200, "\(front.text)")
    #expect(front.value?["body"]?.string == "hello from the triage test app\n")
    let app = try servers.port("TRIAGE_APP_PORT")
    let (health, healthDuration) = measure(
      HTTPProbe.self, probeRequest(["url": .string("http://127.0.0.1:\(app)/health/")]))
    #expect(health.value?["status"]?.int == 200, "\(health.text)")
    #expect(health.value?["headers"]?["server"]?.string?.contains("gunicorn") == true)
    #expect(frontDuration < .milliseconds(300) && healthDuration < .milliseconds(300))
  }

  /// `parse` turns a status page into `result.parsed`; a page that does not parse says why.
  @Test func bodiesParseIntoStructuredResults() throws {
    let app = try servers.port("TRIAGE_APP_PORT")
    let json = try #require(
      HTTPProbe.run(probeRequest(["url": .string("http://127.0.0.1:\(app)/health/"), "parse": .string("json")])).value)
    #expect(json["parsed"]?["status"]?.string == "ok")
    let text = try #require(
      HTTPProbe.run(probeRequest(["url": .string("http://127.0.0.1:\(app)/"), "parse": .string("json")])).value)
    #expect(text["parsed"] == nil)
    #expect(text["parse_error"]?.string?.contains("JSON") == true)
    // `regex` works for bodies as for command output (named groups).
    let groups = try #require(
      HTTPProbe.run(
        probeRequest([
          "url": .string("http://127.0.0.1:\(app)/health/"), "parse": .string("regex"),
          "regex": .string(#""status": *"(?<state>[a-z]+)""#),
        ])
      ).value)
    #expect(groups["parse_error"] == nil, "\(groups)")
    #expect(groups["parsed"].map { "\($0)".contains("ok") } == true, "\(groups)")
  }

  /// An unknown `parse` is refused before any request, even to a port nobody listens on.
  @Test func anUnknownParserIsRefusedBeforeAnyRequest() throws {
    let closed = try servers.port("TRIAGE_CLOSED_PORT")
    let outcome = HTTPProbe.run(
      probeRequest(["url": .string("http://127.0.0.1:\(closed)/"), "parse": .string("yaml")]))
    #expect(outcome.value == nil)
    #expect(outcome.reason?.contains("unknown parse 'yaml'") == true, "\(outcome)")
  }

  @Test func closedPortIsRefused() throws {
    let closed = try servers.port("TRIAGE_CLOSED_PORT")
    let http = HTTPProbe.run(probeRequest(["url": .string("http://127.0.0.1:\(closed)/")]))
    #expect(http.value?["error"]?.string == "refused")
    let tcp = TCPProbe.run(probeRequest(["host": .string("127.0.0.1"), "port": .int(Int64(closed))]))
    #expect(tcp.value?["connected"]?.bool == false)
    #expect(tcp.value?["error"]?.string == "refused")
  }

  @Test func blackHoleTimesOutWithinTheDeadline() throws {
    let port = try servers.port("TRIAGE_BLACKHOLE_PORT")
    let (outcome, duration) = measure(
      HTTPProbe.self, probeRequest(["url": .string("http://127.0.0.1:\(port)/")], timeout: .milliseconds(500)))
    #expect(outcome.value?["error"]?.string == "timeout", "\(outcome.text)")
    #expect(duration >= .milliseconds(480) && duration < .milliseconds(560), "took \(duration)")
    let tcp = TCPProbe.run(probeRequest(["host": .string("127.0.0.1"), "port": .int(Int64(port))]))
    #expect(tcp.value?["connected"]?.bool == true, "the black hole accepts")
  }

  @Test func slowHTTPTimesOutButAnswersWhenGivenTime() throws {
    let port = try servers.port("TRIAGE_SLOW_HTTP_PORT")
    let (slow, duration) = measure(
      HTTPProbe.self, probeRequest(["url": .string("http://127.0.0.1:\(port)/?delay=5")], timeout: .milliseconds(400)))
    #expect(slow.value?["error"]?.string == "timeout", "\(slow.text)")
    #expect(duration < .milliseconds(460), "took \(duration)")
    let patient = HTTPProbe.run(
      probeRequest(["url": .string("http://127.0.0.1:\(port)/?delay=0.2")], timeout: .seconds(3)))
    #expect(patient.value?["status"]?.int == 200, "\(patient.text)")
    #expect((patient.value?["latency_ms"]?.double ?? 0) >= 200)
  }
}
