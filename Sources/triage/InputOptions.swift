import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageProbes
import TriageRunbook

/// The inputs of a run (`--set`, `--config`, discovery) and its deadline.
struct InputOptions: ParsableArguments {
  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("Set a symptom input, e.g. --set app_port=8001 (repeatable).", valueName: "name=value"))
  var inputs: [String] = []

  @Option(
    help: ArgumentHelp(
      "A YAML file of input values (inputs: {name: value}); --set wins over it. Also TRIAGE_CONFIG.", valueName: "file")
  )
  var config: String?

  @Option(help: ArgumentHelp("Deadline for all probes together, e.g. 10s or 2500ms.", valueName: "duration"))
  var deadline: String = "10s"

  @Flag(
    name: .customLong("no-discover"),
    help: "Do not discover the stack: inputs not set come from the runbooks' defaults.")
  var noDiscover = false

  /// The deadline as a duration.
  func deadlineDuration() throws -> Duration {
    try DurationOption.parse(deadline, option: "--deadline")
  }

  /// The config file's inputs, if one is given (option or TRIAGE_CONFIG).
  func configEntries() throws -> [InputConfig.Entry] {
    guard let path = config ?? ProcessInfo.processInfo.environment["TRIAGE_CONFIG"] else { return [] }
    switch InputConfig.read(path) {
    case .success(let entries): return entries
    case .failure(let errors):
      for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
      throw ExitStatus.invalidInput
    }
  }

  /// The inputs of a live run (defaults, then discovery unless `--no-discover`, then `--config`,
  /// then `--set`) and the runner with discovery's credentials in its environment.
  func liveRun(symptom: Symptom, catalog: Catalog, timings: Bool = false) throws -> (FactStore, ProbeRunner) {
    let limit = try deadlineDuration()
    var store = FactStore(catalog: catalog)
    let started = ContinuousClock.now
    let discovery = noDiscover ? nil : StackDiscovery.run(deadline: .now + limit / 4)
    if timings, discovery != nil {
      let milliseconds = (ContinuousClock.now - started).milliseconds
      StandardError.write("timing: discover the stack (part of gather facts): \((milliseconds * 10).rounded() / 10) ms")
    }
    try InputAssignment.apply(
      inputs, config: try configEntries(), discovered: discovery?.inputs ?? [:], symptom: symptom, to: &store)
    let seconds = Date().timeIntervalSince1970
    let whole = seconds.rounded(.down)
    if let now = CELTimestamp(seconds: Int64(whole), nanos: Int64((seconds - whole) * 1e9)) { store.startRun(at: now) }
    var runner = ProbeRunner(catalog: catalog)
    runner.environment.merge(discovery?.secrets ?? [:]) { explicit, _ in explicit }
    return (store, runner)
  }
}
