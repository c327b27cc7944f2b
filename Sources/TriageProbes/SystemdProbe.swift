import TriageCEL
import TriageCore

/// `systemd`: a unit's state, from `systemctl show UNIT --property=…` → `load_state`,
/// `active_state`, `sub_state`, `n_restarts`, `exec_main_status`, `main_pid`,
/// `started_monotonic_us` (ExecMainStartTimestampMonotonic).
///
/// A unit that does not exist is an observation (`load_state: not-found`). Where systemd is not
/// the init system, or `systemctl` is missing or fails, the probe fails with that reason.
public enum SystemdProbe: ProbeKind {
  public static let identifier = "systemd"
  public static let parameters = [ProbeParameter("unit", .string, required: true, "the unit name")]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("load_state", .string, "loaded, not-found, masked ... (LoadState)"),
    ProbeResultField(
      "active_state", .string, "active, inactive, failed, activating, deactivating or reloading (ActiveState)"),
    ProbeResultField("sub_state", .string, "running, dead, exited, auto-restart, start ... (SubState)"),
    ProbeResultField("n_restarts", .int, "restarts systemd made (NRestarts)"),
    ProbeResultField("exec_main_status", .int, "the main process's last exit status (ExecMainStatus)"),
    ProbeResultField("main_pid", .int, "the main process's pid (ExecMainPID); 0 when none"),
    ProbeResultField(
      "started_monotonic_us", .int,
      "when the main process started, in microseconds of the monotonic clock (ExecMainStartTimestampMonotonic)"),
  ]

  static let properties = [
    "LoadState", "ActiveState", "SubState", "NRestarts", "ExecMainStatus", "ExecMainPID",
    "ExecMainStartTimestampMonotonic",
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let unit = request.nonEmptyString("unit") else { return .failure("systemd probe needs a unit") }
    guard !unit.hasPrefix("-") else { return .failure("invalid unit name: \(unit)") }
    guard SystemdHost.isRunning() else { return .failure(SystemdHost.notRunning) }
    var environment = request.environment
    environment["SYSTEMD_PAGER"] = ""
    environment["SYSTEMD_COLORS"] = "0"
    let argv = ["systemctl", "show", unit, "--property=" + properties.joined(separator: ","), "--no-pager"]
    let output: Subprocess.Output
    do {
      output = try Subprocess.run(argv, environment: environment, deadline: request.workDeadline, maximumOutput: 65536)
    } catch {
      return .failure("\(error)")
    }
    if output.timedOut { return .failure("timed out: systemctl show \(unit) did not answer") }
    guard output.exitCode == 0 else {
      let message =
        String(decoding: output.stderr.prefix(300), as: UTF8.self)
        .split(separator: "\n").first.map(String.init) ?? ""
      return .failure("systemctl show \(unit) exited \(output.exitCode): \(message)")
    }
    let values = parse(String(decoding: output.stdout, as: UTF8.self))
    guard let load = values["LoadState"] else { return .failure("systemctl show \(unit) printed no LoadState") }
    let result = CELValue.record([
      ("load_state", .string(load)), ("active_state", .string(values["ActiveState"] ?? "")),
      ("sub_state", .string(values["SubState"] ?? "")), ("n_restarts", .integer(Int(values["NRestarts"] ?? "") ?? 0)),
      ("exec_main_status", .integer(Int(values["ExecMainStatus"] ?? "") ?? 0)),
      ("main_pid", .integer(Int(values["ExecMainPID"] ?? "") ?? 0)),
      ("started_monotonic_us", .integer(Int(values["ExecMainStartTimestampMonotonic"] ?? "") ?? 0)),
    ])
    let evidence =
      "\(unit): \(load), \(values["ActiveState"] ?? "?") (\(values["SubState"] ?? "?")), "
      + "\(values["NRestarts"] ?? "0") restarts, last exit status \(values["ExecMainStatus"] ?? "0")"
    return .result(result, evidence: evidence)
  }

  /// `Key=value` lines.
  static func parse(_ text: String) -> [String: String] {
    var values: [String: String] = [:]
    for line in text.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      values[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return values
  }
}
