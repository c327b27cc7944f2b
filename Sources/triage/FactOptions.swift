import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports
import TriageRunbook

/// Where facts come from: saved facts (`--facts`) or live probes, plus inputs (`--set`).
struct FactOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Replay saved facts from a file instead of probing.", valueName: "file"))
  var facts: String?

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

  @Option(
    name: .customLong("save-facts"),
    help: ArgumentHelp("Write the collected facts (secrets redacted) to a file for replay.", valueName: "file"))
  var saveFacts: String?

  @Flag(
    name: .customLong("no-discover"),
    help: "Do not discover the stack: inputs not set come from the runbooks' defaults.")
  var noDiscover = false

  /// The deadline as a duration.
  func deadlineDuration() throws -> Duration {
    let parsed = InputValue.parse(deadline, as: FactType.duration)
    guard case .success(let celValue) = parsed, case CELValue.duration(let value) = celValue else {
      throw ValidationError("--deadline expects a duration such as 10s or 2500ms, got '\(deadline)'")
    }
    let total = value.totalNanoseconds
    guard total > 0 else { throw ValidationError("--deadline must be more than 0") }
    return .nanoseconds(total)
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

  /// Where `--save-facts` writes, checked before any probe runs (exit 74 when it cannot be written).
  func saveTarget() throws -> OutputTarget? {
    guard let saveFacts else { return nil }
    return try ReportOutput.target(of: saveFacts)
  }

  /// Gathers the facts: replayed, or collected by running the symptom's probes.
  ///
  /// - Parameter saving: Whether to write `--save-facts` here; `audit` writes it with its
  ///   reports instead, all or nothing.
  /// - Parameter timings: Whether to print how long discovery took (`--timings`; a part of
  ///   "gather facts").
  func gather(
    symptom: Symptom, catalog: Catalog, saving: Bool = true, timings: Bool = false,
    progress: (@Sendable (ProbeRecord) -> Void)? = nil
  ) async throws -> (FactStore, [ProbeRecord]) {
    let saveTarget = try saveTarget()
    let limit = try deadlineDuration()  // checked even when replaying: a bad value is a usage error
    var store = FactStore(catalog: catalog)
    var records: [ProbeRecord] = []
    if let facts {
      switch FactsFile.read(facts, catalog: catalog) {
      case .success(let contents):
        for (id, state) in contents.facts { store[id] = state }
      case .failure(let errors):
        for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
        throw ExitStatus.invalidInput
      }
      try InputAssignment.apply(inputs, config: try configEntries(), symptom: symptom, to: &store)
      store.markInapplicableProbes(of: catalog)
    } else {
      let started = ContinuousClock.now
      let discovery = noDiscover ? nil : StackDiscovery.run(deadline: .now + limit / 4)
      if timings, discovery != nil {
        let milliseconds = (ContinuousClock.now - started).milliseconds
        StandardError.write(
          "timing: discover the stack (part of gather facts): \((milliseconds * 10).rounded() / 10) ms")
      }
      try InputAssignment.apply(
        inputs, config: try configEntries(), discovered: discovery?.inputs ?? [:], symptom: symptom, to: &store)
      var runner = ProbeRunner(catalog: catalog)
      runner.environment.merge(discovery?.secrets ?? [:]) { explicit, _ in explicit }
      records = await runner.collect(symptom: symptom.id, into: &store, deadline: limit, progress: progress)
    }
    if saving, let saveTarget {
      do {
        let sink = try OutputSink(saveTarget)
        sink.append(Array(FactsFileWriter.render(store, catalog: catalog, symptom: symptom.id).utf8))
        try sink.finish()
        try sink.commit()
      } catch {
        StandardError.write("error: \(error)")
        throw ExitStatus.ioError
      }
    }
    return (store, records)
  }
}
