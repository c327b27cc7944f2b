import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

@Suite struct CommandProbeTests {
  @Test func runsArgvWithoutAShell() throws {
    let hostile = "; rm -rf / $(id) `id`"
    let outcome = CommandProbe.run(probeRequest(["argv": .list([.string("echo"), .string(hostile)])]))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["exit_code"]?.int == 0)
    #expect(result["stdout"]?.string == hostile + "\n")
    #expect(result["stderr"]?.string == "")
    #expect(result["timed_out"]?.bool == false)
    #expect(result["truncated"]?.bool == false)
    #expect((result["duration_ms"]?.double ?? -1) >= 0)
  }

  @Test func omitEmptyDropsTheItemsAnUnsetInputLeftEmpty() throws {
    let argv = CELValue.list([.string("sh"), .string("-c"), .string("echo $#"), .string("zero"), .string("")])
    let kept = try #require(CommandProbe.run(probeRequest(["argv": argv])).value)
    #expect(kept["stdout"]?.string == "1\n")
    let dropped = try #require(CommandProbe.run(probeRequest(["argv": argv, "omit_empty": .bool(true)])).value)
    #expect(dropped["stdout"]?.string == "0\n")
  }

  @Test func reportsExitCodeEnvironmentAndDirectory() throws {
    let outcome = CommandProbe.run(
      probeRequest([
        "argv": .list([.string("sh"), .string("-c"), .string("echo \"$TRIAGE_X\"; pwd; echo oops >&2; exit 3")]),
        "env": .map(CELMap([(.string("TRIAGE_X"), .string("value with spaces"))])), "cwd": .string("/tmp"),
      ]))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["exit_code"]?.int == 3)
    #expect(result["stdout"]?.string == "value with spaces\n/tmp\n")
    #expect(result["stderr"]?.string == "oops\n")
  }

  @Test func anExitCodeOutsideOkExitCodesFailsTheProbeWithStderr() throws {
    let script = "echo '{\"items\": []}'; echo 'Error from server (Forbidden): pods is forbidden' >&2; exit 1"
    let argv = CELValue.list([.string("sh"), .string("-c"), .string(script)])
    let strict = CommandProbe.run(
      probeRequest(["argv": argv, "parse": .string("json"), "ok_exit_codes": .list([.int(0)])]))
    #expect(strict.value == nil)
    #expect(strict.reason?.contains("exited 1: Error from server (Forbidden)") == true, "\(strict.text)")
    let lenient = try #require(CommandProbe.run(probeRequest(["argv": argv, "parse": .string("json")])).value)
    #expect(lenient["exit_code"]?.int == 1)
    let accepted = CommandProbe.run(
      probeRequest(["argv": argv, "parse": .string("json"), "ok_exit_codes": .list([.int(0), .int(1)])]))
    #expect(accepted.value?["parsed"]?["items"]?.list?.isEmpty == true)
  }

  @Test func signalEndsWith128PlusTheSignal() throws {
    let outcome = CommandProbe.run(
      probeRequest(["argv": .list([.string("sh"), .string("-c"), .string("kill -TERM $$")])]))
    #expect(try #require(outcome.value)["exit_code"]?.int == 128 + 15)
  }

  @Test func missingProgramOrDirectoryIsAFailure() {
    let missing = CommandProbe.run(probeRequest(["argv": .list([.string("triage-no-such-program")])]))
    #expect(missing.reason?.contains("program not found: triage-no-such-program") == true)
    let absolute = CommandProbe.run(probeRequest(["argv": .list([.string("/nonexistent/bin/x")])]))
    #expect(absolute.reason?.contains("program not found") == true)
    let notExecutable = CommandProbe.run(probeRequest(["argv": .list([.string("/etc/hostname")])]))
    #expect(notExecutable.reason?.contains("not executable") == true)
    let directory = CommandProbe.run(probeRequest(["argv": .list([.string("true")]), "cwd": .string("/nonexistent")]))
    #expect(directory.reason?.contains("working directory does not exist") == true)
    let empty = CommandProbe.run(probeRequest(["argv": .list([])]))
    #expect(empty.reason != nil)
  }

  @Test func hangingCommandIsKilledWithItsWholeGroupAtTheDeadline() throws {
    let marker = FileManager.default.temporaryDirectory.appendingPathComponent("triage-hang-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: marker) }
    let script = "sleep 60 & echo $! > '\(marker)'; sleep 60"
    let (outcome, duration) = measure(
      CommandProbe.self,
      probeRequest(["argv": .list([.string("sh"), .string("-c"), .string(script)])], timeout: .milliseconds(700)))
    let reason = try #require(outcome.reason, "a hung command must fail, not yield a result")
    #expect(reason.hasPrefix("timed out"))
    #expect(duration < .milliseconds(900), "took \(duration)")
    let background = try #require(
      Int32(String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(isGone(background), "the background child \(background) outlived the probe")
  }

  @Test func ownTimeoutIsAnObservation() throws {
    let (outcome, duration) = measure(
      CommandProbe.self,
      probeRequest(
        ["argv": .list([.string("sleep"), .string("30")]), "timeout": .string("300ms")], timeout: .seconds(5)))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["timed_out"]?.bool == true)
    #expect(result["exit_code"]?.int == -1)
    #expect(duration < .milliseconds(600), "took \(duration)")
  }

  @Test func hundredMegabytesAreCappedAndTheCommandFinishes() throws {
    let (outcome, duration) = measure(
      CommandProbe.self,
      probeRequest(
        [
          "argv": .list([
            .string("sh"), .string("-c"),
            .string("head -c 100000000 /dev/zero; head -c 5000000 /dev/zero >&2; echo done >&2"),
          ])
        ],
        timeout: .seconds(20)))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["exit_code"]?.int == 0)
    #expect(result["truncated"]?.bool == true)
    #expect(result["stdout"]?.string?.utf8.count == 1 << 20)
    #expect(result["stderr"]?.string?.utf8.count == 1 << 20)
    #expect(duration < .seconds(5), "took \(duration)")
  }

  @Test func smallCapKeepsThatManyBytes() throws {
    let outcome = CommandProbe.run(
      probeRequest(["argv": .list([.string("seq"), .string("1000")]), "max_output": .int(10)]))
    let result = try #require(outcome.value)
    #expect(result["stdout"]?.string == "1\n2\n3\n4\n5\n")
    #expect(result["truncated"]?.bool == true)
  }

  @Test func childThatKeepsThePipeOpenDoesNotHoldTheProbe() throws {
    let marker = FileManager.default.temporaryDirectory.appendingPathComponent("triage-fork-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: marker) }
    let script = "sleep 60 & echo $! > '\(marker)'; echo started"
    let (outcome, duration) = measure(
      CommandProbe.self,
      probeRequest(["argv": .list([.string("sh"), .string("-c"), .string(script)])], timeout: .seconds(10)))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect(result["exit_code"]?.int == 0)
    #expect(result["stdout"]?.string == "started\n")
    #expect(result["timed_out"]?.bool == false)
    #expect(duration < .milliseconds(1500), "took \(duration)")
    let background = try #require(
      Int32(String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(isGone(background), "the background child \(background) outlived the probe")
  }

  @Test func outputOfAChildIsReadUntilThePipesClose() throws {
    let outcome = CommandProbe.run(
      probeRequest(["argv": .list([.string("sh"), .string("-c"), .string("(sleep 0.01; echo late) & echo early")])]))
    let result = try #require(outcome.value)
    #expect(result["stdout"]?.string == "early\nlate\n")
  }

  @Test func parsesStdout() throws {
    let json = CommandProbe.run(
      probeRequest([
        "argv": .list([
          .string("stat"), .string("--file-system"), .string("--printf={\"blocks\": %b, \"avail\": %a}"), .string("/"),
        ]),
        "parse": .string("json"),
      ]))
    let parsed = try #require(json.value?["parsed"], "\(json.text)")
    #expect((parsed["blocks"]?.int ?? 0) > 0)
    let broken = CommandProbe.run(
      probeRequest([
        "argv": .list([
          .string("stat"), .string("--file-system"), .string("--printf={\"blocks\": %b}"), .string("/nonexistent"),
        ]),
        "parse": .string("json"),
      ]))
    let reason = try #require(broken.reason)
    #expect(reason.contains("exited 1"))
    #expect(reason.contains("not JSON"))
    #expect(CommandProbe.run(probeRequest(["argv": .list([.string("true")]), "parse": .string("yaml")])).reason != nil)
  }

  @Test func stdinIsEmpty() throws {
    let outcome = CommandProbe.run(probeRequest(["argv": .list([.string("cat")])], timeout: .seconds(2)))
    #expect(try #require(outcome.value)["stdout"]?.string == "")
  }
}

/// The process no longer runs (gone, or a zombie waiting to be reaped).
func isGone(_ pid: Int32) -> Bool {
  for _ in 0..<50 {
    guard let entry = ProcessTable.entry(pid) else { return true }
    if entry.state == "Z" || entry.state == "X" { return true }
    usleep(10000)
  }
  return false
}
