import Foundation
import TriageCEL
import TriageCore

/// `logs`: the last `lines` lines of log files (`file`: paths or glob patterns, comma-separated)
/// and of a systemd `unit`'s journal, and how many of them match each of `patterns` (name →
/// regular expression) → `lines`, `counts` (name → matching lines), `window_applied`, `source`
/// (what was read: `file`, `journal` or `both`).
///
/// Either or both sources may be given; the probe fails only when none could be read (a host
/// without a journal still has its log files counted, and says in its evidence what it could not
/// read). At most 64 files are read, `lines` from the end of each.
///
/// `since` (a duration such as `10m`) keeps only lines newer than that. The journal applies it
/// itself (`--since`); in a file the time is read at the start of each line (ISO 8601, nginx,
/// syslog and common-log formats — see ``LogTimestamp``), a line without one belongs to the entry
/// above it, and lines above the first dated one are left out. When no line carries a time the
/// window cannot be applied: every line counts and `window_applied` is false.
/// The journal is read with `journalctl -u UNIT -n N --no-pager --output=short-iso`; where there
/// is no journal (systemd not running and no journal files) the probe fails with that reason. Lines are cut at 4096 characters and at most
/// 10000 are read, so a pattern's work is bounded.
public enum LogsProbe: ProbeKind {
  public static let identifier = "logs"
  public static let parameters = [
    ProbeParameter("file", .string, "log files to read: paths or glob patterns, comma-separated"),
    ProbeParameter("unit", .string, "a systemd unit whose journal to read"),
    ProbeParameter("lines", .int, "how many of the last lines to read (default 50, at most 10000)"),
    ProbeParameter("since", .string, "only lines newer than this duration, such as 10m"),
    ProbeParameter("patterns", .map, "name → regular expression; result.counts.NAME is how many lines match"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("lines", .list(.string), "the lines read: the last lines of each file, then the journal's"),
    ProbeResultField(
      "counts", .map(.string, .int), "pattern name to the lines it matches; every pattern is there, 0 when none"),
    ProbeResultField(
      "window_applied", .bool, "since was given and applied (false when no line of a file carries a time)"),
    ProbeResultField("source", .string, "what was read: file, journal or both"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    let files = request.nonEmptyString("file")
    let unit = request.nonEmptyString("unit")
    guard files != nil || unit != nil else { return .failure("logs probe needs a file or a unit") }
    let count = max(1, min(request.int("lines") ?? 50, LineLimits.maximumLines))
    var since: Duration?
    if request.nonEmptyString("since") != nil {
      guard let parsed = request.duration("since"), parsed > .zero else {
        return .failure("since must be a duration such as 10m, not '\(request.string("since") ?? "")'")
      }
      since = parsed
    }
    var patterns: [(String, NSRegularExpression)] = []
    for (name, text) in request.stringMap("patterns") {
      guard let expression = try? NSRegularExpression(pattern: text) else {
        return .failure("pattern '\(name)' is not a valid regular expression")
      }
      patterns.append((name, expression))
    }
    var lines: [String] = []
    var windowApplied = since != nil
    var sources: [String] = []
    var problems: [String] = []
    var readJournal = false
    if let files {
      let paths = GlobExpansion.paths(files)
      if paths.isEmpty { problems.append("no file matches '\(files)'") }
      for path in paths {
        do {
          var fileLines = try LogTail.lastLines(path, count: count)
          if let since {
            let (kept, applied) = window(fileLines, since: since)
            fileLines = kept
            windowApplied = windowApplied && applied
          }
          lines += fileLines
          sources.append(path)
        } catch {
          problems.append(error.message(path: path))
        }
      }
    }
    if let unit {
      switch JournalReader.read(unit: unit, count: count, since: since, request: request) {
      case .success(let journal):
        lines += journal
        sources.append("journal of \(unit)")
        readJournal = true
      case .failure(let reason): problems.append(reason.message)
      }
    }
    guard !sources.isEmpty else { return .failure(problems.joined(separator: "; ")) }
    let source = sources.joined(separator: ", ")
    var counts: [(String, CELValue)] = []
    var summary: [String] = []
    for (name, expression) in patterns {
      if ContinuousClock.now >= request.workDeadline { return .failure("timed out matching patterns") }
      let matches = lines.count { line in
        expression.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
      }
      counts.append((name, .integer(matches)))
      if matches > 0 { summary.append("\(name) \(matches)") }
    }
    let result = CELValue.record([
      ("lines", .list(lines.map(CELValue.string))), ("counts", .record(counts)),
      ("window_applied", .bool(windowApplied)),
      ("source", .string(readJournal ? (sources.count > 1 ? "both" : "journal") : "file")),
    ])
    let window = since.map { " within \(ProbeThread.format(milliseconds: $0.milliseconds))" } ?? ""
    let found = summary.isEmpty ? "no pattern matched" : summary.joined(separator: ", ")
    let unread = problems.isEmpty ? "" : " (not read: \(problems.joined(separator: "; ")))"
    return .result(result, evidence: "\(lines.count) lines of \(source)\(window): \(found)\(unread)")
  }

  /// The lines newer than `since`, and whether any line carried a time to judge by.
  static func window(_ lines: [String], since: Duration) -> ([String], Bool) {
    let cutoff = FileInspector.wallClock() - since.milliseconds / 1000
    var kept: [String] = []
    var current: Double?
    var dated = false
    for line in lines {
      if let time = LogTimestamp.parse(Substring(line)) {
        current = time
        dated = true
      }
      if let current, current >= cutoff { kept.append(line) }
    }
    return dated ? (kept, true) : (lines, false)
  }
}

/// Reads a unit's journal with `journalctl`.
enum JournalReader {
  struct Failure: Error {
    var message: String
  }

  static func read(unit: String, count: Int, since: Duration?, request: ProbeRequest) -> Result<[String], Failure> {
    guard !unit.hasPrefix("-") else { return .failure(Failure(message: "invalid unit name: \(unit)")) }
    guard SystemdHost.hasJournal() else { return .failure(Failure(message: SystemdHost.noJournal)) }
    // Not -q: it would hide "No journal files were found", and no lines must not read as no errors.
    var argv = ["journalctl", "-u", unit, "-n", String(count), "--no-pager", "--output=short-iso"]
    if let since {
      let start = Int(FileInspector.wallClock() - since.milliseconds / 1000)
      argv += ["--since", "@\(start)"]
    }
    var environment = request.environment
    environment["SYSTEMD_PAGER"] = ""
    environment["SYSTEMD_COLORS"] = "0"
    let output: Subprocess.Output
    do {
      output = try Subprocess.run(
        argv, environment: environment, deadline: request.workDeadline, maximumOutput: LogTail.maximumBytes)
    } catch {
      return .failure(Failure(message: "\(error)"))
    }
    let errors = String(decoding: output.stderr.prefix(500), as: UTF8.self)
    if output.timedOut { return .failure(Failure(message: "timed out: journalctl -u \(unit) did not finish")) }
    if errors.contains("No journal files were found") { return .failure(Failure(message: SystemdHost.noJournal)) }
    guard output.exitCode == 0 else {
      let first = errors.split(separator: "\n").first.map(String.init) ?? ""
      return .failure(Failure(message: "journalctl -u \(unit) exited \(output.exitCode): \(first)"))
    }
    let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n")
      .filter { !$0.hasPrefix("-- ") }
      .suffix(count)
      .map { String($0.prefix(LineLimits.maximumLineLength)) }
    return .success(Array(lines))
  }
}
