import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct ProcessProbeTests {
  @Test func findsGunicornByNameAndPattern() throws {
    let servers = try LiveServers.load()
    _ = try servers("TRIAGE_APP_PORT")
    let (outcome, duration) = measure(ProcessProbe.self, probeRequest(["name": .string("gunicorn")]))
    let result = try #require(outcome.value, "\(outcome.text)")
    let processes = try #require(result["processes"]?.list)
    let master = try #require(
      Int64(
        String(contentsOfFile: try servers("TRIAGE_APP_PID_FILE"), encoding: .utf8).trimmingCharacters(
          in: .whitespacesAndNewlines)))
    // Other gunicorns may run on the machine: look at ours, the master and its two workers.
    let ours = processes.filter { $0["pid"]?.int == master || $0["ppid"]?.int == master }
    #expect(ours.count == 3, "the master and two workers")
    #expect((result["count"]?.int ?? 0) >= 3)
    for process in ours {
      #expect((process["rss_kb"]?.int ?? 0) > 0)
      #expect((process["age_seconds"]?.double ?? -1) >= 0)
      #expect((process["cpu_percent"]?.double ?? -1) >= 0)
      #expect(["S", "R"].contains(process["state"]?.string ?? ""))
      #expect(process["cmdline"]?.string?.contains("triage_app:app") == true)
    }
    #expect(duration < .milliseconds(500))
    let directory = NSRegularExpression.escapedPattern(for: try servers("TRIAGE_SERVERS_DIR"))
    let byPattern = try #require(
      ProcessProbe.run(probeRequest(["pattern": .string("gunicorn .*--chdir \(directory)/app .*triage_app:app")])).value
    )
    #expect(byPattern["count"]?.int == 3)
  }

  @Test func noMatchIsCountZero() throws {
    let result = try #require(ProcessProbe.run(probeRequest(["name": .string("triage-no-such-process")])).value)
    #expect(result["count"]?.int == 0)
    #expect(result["processes"]?.list?.isEmpty == true)
    #expect(ProcessProbe.run(probeRequest(["pattern": .string("(")])).reason != nil)
    #expect(ProcessProbe.run(probeRequest([:])).reason != nil)
  }

  @Test func aTableFullOfZombiesStaysFast() throws {
    let script = """
      import os, sys, time
      for _ in range(3000):
          if os.fork() == 0:
              os._exit(0)
      print("ready", flush=True)
      time.sleep(60)
      """
    let parent = Process()
    parent.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    parent.arguments = ["-c", script, "triage-zombie-parent"]
    let output = Pipe()
    parent.standardOutput = output
    try parent.run()
    defer {
      // SIGKILL: the test thread's blocked signals may be inherited, and SIGTERM would wait.
      kill(parent.processIdentifier, SIGKILL)
      parent.waitUntilExit()
    }
    _ = output.fileHandleForReading.availableData
    let (outcome, duration) = measure(ProcessProbe.self, probeRequest(["name": .string("python3")]))
    let result = try #require(outcome.value, "\(outcome.text)")
    #expect((result["states"]?["Z"]?.int ?? 0) >= 3000)
    #expect((result["processes"]?.list?.count ?? 0) <= ProcessProbe.maximumListed)
    #expect(duration < .seconds(1), "took \(duration)")
    let (byPattern, patternDuration) = measure(
      ProcessProbe.self, probeRequest(["pattern": .string("triage-zombie-parent")]))
    #expect(byPattern.value?["count"]?.int == 1)
    #expect(patternDuration < .seconds(1), "took \(patternDuration)")
  }
}
