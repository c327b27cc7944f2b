import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

@Suite final class LogsProbeTests {
  let directory: String

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("triage-logs-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  private func write(_ name: String, _ lines: [String]) throws -> String {
    let path = "\(directory)/\(name)"
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    return path
  }

  private static func stamp(_ secondsAgo: Double, _ format: String, utc: Bool = false) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = utc ? TimeZone(identifier: "UTC") : TimeZone.current
    formatter.dateFormat = format
    return formatter.string(from: Date(timeIntervalSinceNow: -secondsAgo))
  }

  private static let patterns = CELValue.map(
    CELMap([
      (.string("no_live_upstreams"), .string("no live upstreams")),
      (.string("upstream_timeout"), .string("upstream timed out")),
      (.string("traceback"), .string(#"Traceback \(most recent call last\)"#)),
    ]))

  @Test func countsPatternsWithinTheWindow() throws {
    let nginx = "yyyy/MM/dd HH:mm:ss"
    let path = try write(
      "error.log",
      [
        "\(Self.stamp(1800, nginx)) [error] 12#12: *1 no live upstreams while connecting to upstream",
        "\(Self.stamp(1200, nginx)) [error] 12#12: *2 upstream timed out (110: Connection timed out)",
        "\(Self.stamp(300, nginx)) [error] 12#12: *3 no live upstreams while connecting to upstream",
        "\(Self.stamp(120, nginx)) [error] 12#12: *4 upstream timed out (110: Connection timed out)",
        "\(Self.stamp(60, nginx)) [error] 12#12: *5 no live upstreams while connecting to upstream",
      ])
    let outcome = LogsProbe.run(
      probeRequest(["file": .string(path), "lines": .int(100), "since": .string("10m"), "patterns": Self.patterns]))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["counts"]?["no_live_upstreams"]?.int == 2)
    #expect(result["counts"]?["upstream_timeout"]?.int == 1)
    #expect(result["counts"]?["traceback"]?.int == 0)
    #expect(result["window_applied"]?.bool == true)
    #expect(result["lines"]?.list?.count == 3)
    let all = try #require(
      LogsProbe.run(probeRequest(["file": .string(path), "lines": .int(100), "patterns": Self.patterns])).value)
    #expect(all["counts"]?["no_live_upstreams"]?.int == 3)
  }

  @Test func continuationLinesBelongToTheirEntry() throws {
    let iso = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
    let python = "yyyy-MM-dd HH:mm:ss,SSS"
    let path = try write(
      "app.log",
      [
        "Traceback (most recent call last):",
        "\(Self.stamp(3600, iso, utc: true)) ERROR old failure",
        "Traceback (most recent call last):",
        "  File \"app.py\", line 1",
        "\(Self.stamp(30, python)) ERROR new failure",
        "Traceback (most recent call last):",
        "  File \"app.py\", line 2",
        "[\(Self.stamp(10, "yyyy-MM-dd HH:mm:ss Z"))] [12] [CRITICAL] WORKER TIMEOUT (pid:13)",
      ])
    let result = try #require(
      LogsProbe.run(probeRequest(["file": .string(path), "since": .string("5m"), "patterns": Self.patterns])).value)
    #expect(result["counts"]?["traceback"]?.int == 1)
    #expect(result["lines"]?.list?.count == 4)
  }

  @Test func undatedLogsCountEveryLine() throws {
    let path = try write("plain.log", ["no live upstreams", "fine", "no live upstreams"])
    let result = try #require(
      LogsProbe.run(probeRequest(["file": .string(path), "since": .string("1m"), "patterns": Self.patterns])).value)
    #expect(result["window_applied"]?.bool == false)
    #expect(result["counts"]?["no_live_upstreams"]?.int == 2)
  }

  @Test func readsOnlyTheTailOfALargeFile() throws {
    let path = "\(directory)/large.log"
    let line = String(repeating: "a", count: 99) + "\n"
    var text = String(repeating: line, count: 200_000)
    text += "the last line\n"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    let (outcome, duration) = measure(LogsProbe.self, probeRequest(["file": .string(path), "lines": .int(3)]))
    let lines = try #require(outcome.value?["lines"]?.list)
    #expect(lines.count == 3)
    #expect(lines.last?.string == "the last line")
    #expect(duration < .milliseconds(200), "took \(duration)")
  }

  @Test func longLinesAreCut() throws {
    let path = try write("long.log", [String(repeating: "b", count: 100_000) + " no live upstreams"])
    let result = try #require(LogsProbe.run(probeRequest(["file": .string(path), "patterns": Self.patterns])).value)
    #expect(result["lines"]?[0]?.string?.count == LineLimits.maximumLineLength)
    #expect(result["counts"]?["no_live_upstreams"]?.int == 0)
  }

  /// Globs and several files are read together, with a journal that cannot be read named beside them.
  @Test func globsReadEveryMatchingFileAndAJournalIsOptional() throws {
    let first = try write("app-1.log", ["ok", "Too many open files"])
    _ = try write("app-2.log", ["Too many open files", "fine"])
    let other = try write("other.txt", ["Too many open files"])
    let patterns = CELValue.map(CELMap([(.string("fd"), .string("Too many open files"))]))
    let result = try #require(
      LogsProbe.run(probeRequest(["file": .string("\(directory)/app-*.log, \(other)"), "patterns": patterns])).value)
    #expect(result["counts"]?["fd"]?.int == 3)
    #expect(result["source"]?.string == "file")
    let outcome = LogsProbe.run(
      probeRequest(["file": .string(first), "unit": .string("no-such-unit-triage"), "patterns": patterns]))
    // Where the journal can be read the unit simply has no lines; where it cannot, the file still counts.
    #expect(outcome.value?["counts"]?["fd"]?.int == 1)
  }

  @Test func badInputIsAFailure() throws {
    #expect(
      LogsProbe.run(probeRequest(["file": .string("\(directory)/none.log")])).reason?.contains("does not exist") == true
    )
    let path = try write("x.log", ["x"])
    let bad = CELValue.map(CELMap([(.string("broken"), .string("(unclosed"))]))
    #expect(LogsProbe.run(probeRequest(["file": .string(path), "patterns": bad])).reason?.contains("broken") == true)
    #expect(LogsProbe.run(probeRequest(["file": .string(path), "since": .string("soon")])).reason != nil)
    #expect(LogsProbe.run(probeRequest([:])).reason != nil)
    #expect(
      LogsProbe.run(probeRequest(["file": .string("\(directory)/nothing-*.log")])).reason?.contains("no file matches")
        == true)
    #expect(
      LogsProbe.run(probeRequest(["file": .string("/proc/sys/vm/drop_caches")])).reason?.contains("permission denied")
        == true)
  }

  @Test func journalWithoutSystemdIsAFailureWithTheReason() throws {
    let outcome = LogsProbe.run(probeRequest(["unit": .string("gunicorn"), "patterns": Self.patterns]))
    if SystemdHost.isRunning() {
      #expect(outcome.value?["source"]?.string == "journal", "\(outcome.text)")
    } else if !SystemdHost.hasJournal() {
      #expect(outcome.reason == SystemdHost.noJournal)
    }
    // A container often has an empty /var/log/journal (the systemd package creates it): that is no journal.
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("triage-root-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/var/log/journal/0123", withIntermediateDirectories: true)
    #expect(!SystemdHost.hasJournal(root: root))
    #expect(FileManager.default.createFile(atPath: root + "/var/log/journal/0123/system.journal", contents: Data()))
    #expect(SystemdHost.hasJournal(root: root))
  }

}
