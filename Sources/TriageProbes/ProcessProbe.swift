import Foundation
import TriageCEL
import TriageCore

#if canImport(Glibc)
  import Glibc
#endif

/// `process`: the processes matching `name` (exactly their command name, or the base name of
/// argv[0]) or `pattern` (a regular expression searched in the command line), as htop shows them
/// → `count`, `states` (state letter → count), `processes` (`[{pid, ppid, name, state,
/// cpu_percent, rss_kb, age_seconds, cmdline}]`, by pid, at most 1000).
///
/// `cpu_percent` is the average since the process started (100 = one CPU). The probe's own
/// process is never matched. One `stat` read per process, so a table full of zombies stays fast.
public enum ProcessProbe: ProbeKind {
  public static let identifier = "process"
  public static let parameters = [
    ProbeParameter("name", .string, "exact process name (command name or argv[0] base name)"),
    ProbeParameter("pattern", .string, "regular expression searched in the full command line"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("count", .int, "the processes that match"),
    ProbeResultField("states", .map(.string, .int), "state letter (R S D Z T ...) to count, over every match"),
    ProbeResultField(
      "processes", .list(.map(.string, .dyn)),
      "the matches by pid, at most 1000: {pid, ppid, name, state, cpu_percent, rss_kb, age_seconds, cmdline}"),
    ProbeResultField("truncated", .bool, "more processes matched than processes lists"),
  ]

  /// Processes listed in the result at most (`count` counts all).
  static let maximumListed = 1000

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    run(request, root: "/proc")
  }

  static func run(_ request: ProbeRequest, root: String) -> ProbeOutcome {
    let name = request.nonEmptyString("name")
    let patternText = request.nonEmptyString("pattern")
    guard name != nil || patternText != nil else { return .failure("process probe needs a name or a pattern") }
    var pattern: NSRegularExpression?
    if let patternText {
      guard let compiled = try? NSRegularExpression(pattern: patternText) else {
        return .failure("invalid regular expression: \(patternText)")
      }
      pattern = compiled
    }
    let uptime = ProcessTable.uptime(root: root)
    let own = getpid()
    var matches: [(ProcessTable.Entry, String)] = []
    for pid in ProcessTable.pids(root: root) where pid != own {
      if ContinuousClock.now >= request.workDeadline { return .failure("timed out scanning the process table") }
      guard let entry = ProcessTable.entry(pid, root: root) else { continue }
      if let name, !matchesName(entry, name, root: root) { continue }
      var commandLine = ""
      if let pattern {
        commandLine = ProcessTable.commandLine(pid, root: root)
        let subject = String(commandLine.prefix(LineLimits.maximumLineLength))
        guard pattern.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) != nil else {
          continue
        }
      } else {
        commandLine = ProcessTable.commandLine(pid, root: root, limit: 4096)
      }
      matches.append((entry, commandLine))
    }
    var states: [String: Int] = [:]
    for (entry, _) in matches { states[entry.state, default: 0] += 1 }
    let listed = matches.prefix(maximumListed).map { entry, commandLine -> CELValue in
      let age = max(0, uptime - Double(entry.startTicks) / ProcessTable.ticksPerSecond)
      let cpu = age > 0 ? 100 * Double(entry.cpuTicks) / ProcessTable.ticksPerSecond / age : 0
      return .record([
        ("pid", .integer(entry.pid)), ("ppid", .integer(entry.ppid)), ("name", .string(entry.comm)),
        ("state", .string(entry.state)), ("cpu_percent", .double((cpu * 10).rounded() / 10)),
        ("rss_kb", .integer(entry.rssPages * ProcessTable.pageSize / 1024)),
        ("age_seconds", .double(age.rounded())), ("cmdline", .string(String(commandLine.prefix(4096)))),
      ])
    }
    let stateList = states.keys.sorted().map { (key: $0, value: states[$0] ?? 0) }
    let result = CELValue.record([
      ("count", .integer(matches.count)),
      ("states", .map(CELMap(stateList.map { (.string($0.key), .integer($0.value)) }))),
      ("processes", .list(listed)),
      ("truncated", .bool(matches.count > listed.count)),
    ])
    let what = name.map { "named \($0)" } ?? "matching /\(patternText ?? "")/"
    let summary = stateList.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    return .result(result, evidence: "\(matches.count) process(es) \(what)\(summary.isEmpty ? "" : " (\(summary))")")
  }

  /// The command name (which the kernel cuts at 15 bytes) or argv[0]'s base name is `name`.
  private static func matchesName(_ entry: ProcessTable.Entry, _ name: String, root: String) -> Bool {
    if entry.comm == name
      || (name.utf8.count > 15 && entry.comm == String(decoding: name.utf8.prefix(15), as: UTF8.self))
    {
      return true
    }
    guard entry.state != "Z" else { return false }
    let program = ProcessTable.programName(entry.pid, root: root)
    return program.split(separator: "/").last.map(String.init) == name
  }
}
