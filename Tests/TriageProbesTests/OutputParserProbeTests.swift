import Foundation
import Testing
import TriageCEL
import TriageRunbook

@testable import TriageProbes

/// The parsers and decoders behind the probes, on fixed input.
@Suite struct OutputParserProbeTests {
  @Test func loadavg() throws {
    let value = try OutputParser.loadavg.parse(Array("0.50 1.25 2.00 3/456 7890\n".utf8))
    #expect(value["load1"]?.double == 0.5)
    #expect(value["load15"]?.double == 2.0)
    #expect(value["running"]?.int == 3)
    #expect(value["total"]?.int == 456)
    #expect(throws: OutputParser.ParseFailure.self) { try OutputParser.loadavg.parse(Array("garbage".utf8)) }
  }

  @Test func meminfo() throws {
    let value = try OutputParser.meminfo.parse(
      Array("MemTotal:       16384 kB\nHugePages_Total:       0\nbad line\n".utf8))
    #expect(value["MemTotal"]?.int == 16384)
    #expect(value["HugePages_Total"]?.int == 0)
  }

  @Test func pressure() throws {
    let value = try OutputParser.pressure.parse(
      Array(
        "some avg10=1.50 avg60=0.25 avg300=0.00 total=123456\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n".utf8))
    #expect(value["some"]?["avg10"]?.double == 1.5)
    #expect(value["some"]?["total"]?.int == 123_456)
    #expect(value["full"]?["avg60"]?.double == 0)
  }

  @Test func jsonKeepsOrderAndTypes() throws {
    let value = try JSONParser.parse(
      Array(#" {"z": 1, "a": [true, false, null, -2.5e1, 9223372036854775807, 1e400], "s": "\"\n\ud83d\ude00"} "#.utf8))
    guard case .map(let map) = value else {
      Issue.record("not a map")
      return
    }
    #expect(map.keys == [.string("z"), .string("a"), .string("s")])
    #expect(value["a"]?[3]?.double == -25)
    #expect(value["a"]?[4]?.int == Int64.max)
    #expect(value["s"]?.string == "\"\n😀")
    for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "1 2", String(repeating: "[", count: 500)] {
      #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
    }
  }

  @Test func regexGroupNames() {
    #expect(OutputParser.groupNames(in: #"(?<a>x)(?:y)(?<b_2>z)\(?<no>)(?<=w)"#) == ["a", "b_2"])
  }

  @Test func logTimestamps() throws {
    let utc = try #require(LogTimestamp.parse("2024-05-01T12:00:00Z x"))
    #expect(utc == 1_714_564_800)
    #expect(LogTimestamp.parse("2024-05-01T14:00:00+02:00 x") == utc)
    #expect(LogTimestamp.parse("[2024-05-01 12:00:00 +0000] [12] [INFO] Booting worker") == utc)
    #expect(LogTimestamp.parse("2024-05-01T12:00:00.250+0000 host unit[1]: x") == utc + 0.25)
    #expect(LogTimestamp.parse("127.0.0.1 - - [01/May/2024:12:00:00 +0000] \"GET / HTTP/1.1\" 503") == utc)
    #expect(LogTimestamp.parse("2024/05/01 12:00:00 [error] 1#1: x") != nil)
    #expect(LogTimestamp.parse("May  1 12:00:00 host x") != nil)
    // Apache's error log: ctime with microseconds, local time, like the syslog form.
    let apache = try #require(
      LogTimestamp.parse("[Wed May 01 12:00:00.250000 2024] [proxy:error] [pid 7] AH00940: backend down"))
    let local = try #require(LogTimestamp.parse("2024-05-01 12:00:00 x"))
    #expect(apache == local + 0.25)
    #expect(LogTimestamp.parse("[Wed May 01 12:00:00 2024] [core:notice] AH00094: resuming") == local)
    #expect(LogTimestamp.parse("  File \"app.py\", line 3") == nil)
    #expect(LogTimestamp.parse("12345 not a date") == nil)
    #expect(LogTimestamp.parse("2024-05-01 99:00:00") == nil)
  }

  @Test func jsonLogLinesCarryTheirTimeUnderTsTimeOrTimestamp() throws {
    let utc = 1_714_564_800.0
    let caddy = #"{"level":"info","ts":1714564800.25,"logger":"http.handlers.reverse_proxy.health_checker.active"}"#
    #expect(LogTimestamp.parse(Substring(caddy)) == utc + 0.25)
    #expect(LogTimestamp.parse(#"{"time": "2024-05-01T12:00:00Z", "msg": "x"}"#) == utc)
    #expect(LogTimestamp.parse(#"{"level":"error","timestamp":"2024-05-01T14:00:00+02:00"}"#) == utc)
    #expect(LogTimestamp.parse(#"{"level":"error","msg":"no time here"}"#) == nil)
    #expect(LogTimestamp.parse(#"{"ts":"not a time"}"#) == nil)
  }

  @Test func everyKindDeclaresItsParameters() {
    let identifiers = builtInProbeKinds.map { $0.identifier }
    #expect(Set(identifiers).count == identifiers.count)
    #expect(
      Set(identifiers) == [
        "http", "tcp", "file", "sockets", "process", "command", "systemd", "logs", "dns", "redis", "postgres",
        "haproxy", "mysql", "fastcgi", "pgbouncer", "tls",
      ])
    #expect(Set(identifiers) == RunbookLoader.defaultProbeKinds, "the loader's own list of kinds has drifted")
    for kind in builtInProbeKinds {
      #expect(!kind.parameters.isEmpty, "\(kind.identifier)")
      #expect(Set(kind.parameters.map(\.name)).count == kind.parameters.count, "\(kind.identifier)")
      #expect(!kind.resultFields.isEmpty, "\(kind.identifier)")
      #expect(Set(kind.resultFields.map(\.name)).count == kind.resultFields.count, "\(kind.identifier)")
    }
  }
}
