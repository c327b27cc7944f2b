import TriageCEL
import TriageCore

/// `command`: runs a program — argv, never a shell string — and reports how it ended →
/// `exit_code`, `stdout`, `stderr` (each capped at `max_output`), `truncated`, `timed_out`,
/// `duration_ms`, and `parsed` (stdout through `parse`).
///
/// A value substituted into argv stays one argument. The environment is triage's plus `env`.
/// The program runs in its own process group, which is killed at the deadline and whenever the
/// program ends (see ``Subprocess``). Outcomes:
/// - a missing or non-executable program, or a missing `cwd` → failure;
/// - the command's own `timeout` expires before the probe's deadline → a result with
///   `timed_out: true` and `exit_code: -1` (the author asked to observe that);
/// - the probe's deadline passes → failure "timed out …" (the facts are unknown);
/// - `parse` given and stdout does not parse → failure naming the exit code and stderr;
/// - `ok_exit_codes` given and the exit code is not among them → failure naming the code and
///   stderr (a client such as `kubectl` that exits 1 after printing what it could is not an
///   observation of an empty world).
public enum CommandProbe: ProbeKind {
  public static let identifier = "command"
  public static let parameters = [
    ProbeParameter("argv", .list, required: true, "program and arguments (never a shell string)"),
    ProbeParameter("env", .map, "extra environment variables"),
    ProbeParameter("cwd", .string, "working directory"),
    ProbeParameter(
      "omit_empty", .bool,
      "drop the argv items that are empty after substitution, such as an optional argument whose input is unset "
        + "(default false: an empty item is passed as an empty argument)"),
    ProbeParameter("timeout", .string, "deadline for the command (default: the probe's timeout)"),
    ProbeParameter("max_output", .int, "bytes of stdout and of stderr kept (default 1048576)"),
    ProbeParameter("parse", .string, "parse stdout into result.parsed: \(OutputParser.names)"),
    ProbeParameter("regex", .string, "the pattern of parse: regex (named groups)"),
    ProbeParameter(
      "ok_exit_codes", .list,
      "the exit codes that are observations; any other fails the probe, leaving its facts unknown (default: every code)"
    ),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("exit_code", .int, "the program's exit code; -1 when its own timeout expired"),
    ProbeResultField("stdout", .string, "standard output, cut at max_output bytes"),
    ProbeResultField("stderr", .string, "standard error, cut at max_output bytes"),
    ProbeResultField("timed_out", .bool, "the command's own timeout expired (its process group was killed)"),
    ProbeResultField("duration_ms", .double, "how long the program ran"),
    ProbeResultField("truncated", .bool, "stdout or stderr was cut at max_output bytes"),
    ProbeResultField("parsed", .dyn, "only with parse: stdout parsed"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard var argv = request.strings("argv"), let program = argv.first, !program.isEmpty else {
      return .failure("command probe needs argv: a list whose first item is the program")
    }
    if request.bool("omit_empty") == true { argv = [program] + argv.dropFirst().filter { !$0.isEmpty } }
    let parser: OutputParser?
    do { parser = try request.outputParser() } catch { return .failure(error.message) }
    // Passwords discovery found stay in triage: no command inherits them.
    var environment = request.environment.filter { !$0.key.hasPrefix(StackDiscovery.secretPrefix) }
    for (name, value) in request.stringMap("env") { environment[name] = value }
    if environment["PATH"] == nil { environment["PATH"] = Subprocess.defaultPath }
    let ownTimeout = request.duration("timeout")
    var deadline = request.workDeadline
    if let ownTimeout { deadline = min(deadline, .now + ownTimeout) }
    let maximumOutput = max(0, min(request.int("max_output") ?? 1 << 20, 64 << 20))
    let shown = display(argv)
    let output: Subprocess.Output
    do {
      output = try Subprocess.run(
        argv, environment: environment, directory: request.nonEmptyString("cwd"), deadline: deadline,
        maximumOutput: maximumOutput)
    } catch {
      return .failure("\(error)")
    }
    let milliseconds = Int(output.duration.milliseconds)
    if output.timedOut, ownTimeout == nil || ContinuousClock.now >= request.workDeadline {
      return .failure(
        "timed out after \(ProbeThread.format(milliseconds: output.duration.milliseconds)): \(shown) "
          + "(its process group was killed)")
    }
    let firstError =
      String(decoding: output.stderr.prefix(300), as: UTF8.self).split(separator: "\n").first.map { ": \($0)" } ?? ""
    if let accepted = request.strings("ok_exit_codes"), !output.timedOut,
      !accepted.contains(String(output.exitCode))
    {
      return .failure("\(shown) exited \(output.exitCode)\(firstError)")
    }
    var fields: [(String, CELValue)] = [
      ("exit_code", .integer(output.exitCode)),
      ("stdout", .string(String(decoding: output.stdout, as: UTF8.self))),
      ("stderr", .string(String(decoding: output.stderr, as: UTF8.self))),
      ("timed_out", .bool(output.timedOut)), ("duration_ms", .milliseconds(output.duration)),
      ("truncated", .bool(output.truncated)),
    ]
    if let parser {
      do {
        fields.append(("parsed", try parser.parse(output.stdout, pattern: request.string("regex"))))
      } catch {
        return .failure("\(shown) exited \(output.exitCode)\(firstError); its output is \(error)")
      }
    }
    let ending = output.timedOut ? "timed out" : "exited \(output.exitCode)"
    return .result(.record(fields), evidence: "\(shown) \(ending) in \(milliseconds) ms")
  }

  /// argv as a shell would quote it, shortened for evidence.
  static func display(_ argv: [String]) -> String {
    let quoted = argv.map { word -> String in
      let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }
      return plain ? word : "'" + word.replacingAll("'", with: "'\\''") + "'"
    }
    let text = quoted.joined(separator: " ")
    return text.count > 200 ? String(text.prefix(200)) + "…" : text
  }
}
