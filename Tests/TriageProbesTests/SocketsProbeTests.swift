import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct SocketsProbeTests {
  @Test func gunicornListensWithItsWorkers() throws {
    let servers = try LiveServers.load()
    let port = try servers.port("TRIAGE_APP_PORT")
    let client = try SocketConnection.connect(host: "127.0.0.1", port: port, deadline: .now + .seconds(2))
    defer { withExtendedLifetime(client) {} }
    let (outcome, duration) = measure(SocketsProbe.self, probeRequest(["port": .int(Int64(port))]))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["listening"]?.bool == true)
    let listener = try #require(result["listeners"]?[0])
    #expect(listener["process"]?.string == "gunicorn")
    #expect(listener["address"]?.string == "127.0.0.1")
    #expect(listener["pids"]?.list?.count == 3, "the master and two workers share the socket")
    let master = try #require(
      Int64(
        String(contentsOfFile: try servers("TRIAGE_APP_PID_FILE"), encoding: .utf8).trimmingCharacters(
          in: .whitespacesAndNewlines)))
    #expect(listener["pid"]?.int == master)
    #expect(result["backlog"]?.int == 2048, "gunicorn's default backlog")
    #expect((result["established"]?.int ?? 0) >= 1)
    #expect(result["owners_complete"]?.bool == true)
    #expect(duration < .milliseconds(500))
  }

  @Test func closedPortIsNotListening() throws {
    let port = try LiveServers.load().port("TRIAGE_CLOSED_PORT")
    let result = try #require(SocketsProbe.run(probeRequest(["port": .int(Int64(port))])).value)
    #expect(result["listening"]?.bool == false)
    #expect(result["listeners"]?.list?.isEmpty == true)
    #expect(result["backlog"]?.int == 0)
  }

  /// A listener that never accepts: connections pile up in its accept queue (ss's Recv-Q).
  @Test func acceptQueueFillIsVisible() throws {
    let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(server) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    #expect(bound == 0)
    #expect(listen(server, 4) == 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(server, $0, &length) }
    }
    let port = Int(UInt16(bigEndian: address.sin_port))
    let clients = try (0..<3).map { _ in
      try SocketConnection.connect(host: "127.0.0.1", port: port, deadline: .now + .seconds(1))
    }
    defer { withExtendedLifetime(clients) {} }
    let result = try #require(SocketsProbe.run(probeRequest(["port": .int(Int64(port))])).value)
    #expect(result["accept_queue"]?.int == 3)
    #expect(result["backlog"]?.int == 4)
    #expect(result["established"]?.int == 3)
    #expect(result["listeners"]?[0]?["pid"]?.int == Int64(getpid()))
  }

  @Test func decodesProcNetAddresses() {
    let v4 = ProcNetTCP.parse(
      "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000800 00:00000000 00000000     0        0 12345 1",
      ipv6: false)
    #expect(v4?.localAddress == "127.0.0.1")
    #expect(v4?.localPort == 8000)
    #expect(v4?.txQueue == 0)
    #expect(v4?.rxQueue == 0x800)
    #expect(v4?.inode == 12345)
    let v6 = ProcNetTCP.parse(
      "   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000005:00000003 00:00000000 00000000 0 0 777 1",
      ipv6: true)
    #expect(v6?.localAddress == "::1")
    #expect(v6?.localPort == 8080)
    #expect(v6?.txQueue == 5)
    #expect(v6?.rxQueue == 3)
    let mapped = ProcNetTCP.endpoint("0000000000000000FFFF00000100007F:0050", ipv6: true)
    #expect(mapped?.address == "::ffff:127.0.0.1")
    #expect(ProcNetTCP.formatIPv6([0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]) == "2001:db8::1")
  }

  @Test func needsAPort() {
    #expect(SocketsProbe.run(probeRequest(["port": .string("http")])).reason != nil)
  }
}
