import Testing
import TriageCEL

@testable import TriageProbes

@Suite struct DNSProbeTests {
  @Test func resolvesLocalhost() throws {
    let result = try #require(DNSProbe.run(probeRequest(["name": .string("localhost")])).value)
    #expect(result["resolved"]?.bool == true)
    let addresses = result["addresses"]?.list?.compactMap(\.string) ?? []
    #expect(addresses.contains("127.0.0.1") || addresses.contains("::1"))
  }

  @Test func unknownNameIsAnObservation() throws {
    let result = try #require(DNSProbe.run(probeRequest(["name": .string("no-such-host.invalid")])).value)
    #expect(result["resolved"]?.bool == false)
    #expect(["nxdomain", "temporary"].contains(result["error"]?.string ?? ""))
  }
}
