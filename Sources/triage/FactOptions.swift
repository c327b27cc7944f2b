import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports
import TriageRunbook

/// Where facts come from: saved facts (`--facts`) or live probes, plus the inputs.
struct FactOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Replay saved facts from a file instead of probing.", valueName: "file"))
  var facts: String?

  @OptionGroup var input: InputOptions

  @Option(
    name: .customLong("save-facts"),
    help: ArgumentHelp("Write the collected facts (secrets redacted) to a file for replay.", valueName: "file"))
  var saveFacts: String?

  /// Where `--save-facts` writes, checked before any probe runs (exit 74 when it cannot be written).
  func saveTarget() throws -> OutputTarget? {
    guard let saveFacts else { return nil }
    return try ReportOutput.target(of: saveFacts)
  }

  /// Starts reading the facts file given with `--facts`, if any, on another thread, so that it
  /// is read while the catalog loads; pass the result to ``gather(symptom:catalog:saving:timings:progress:readFacts:)``.
  func startReadingFacts() -> BackgroundValue<FactsFile.Unchecked>? {
    facts.map { path in BackgroundValue { FactsFile.read(path) } }
  }

  /// Gathers the facts: replayed, or collected by running the symptom's probes.
  ///
  /// - Parameter saving: Whether to write `--save-facts` here; `audit` writes it with its
  ///   reports instead, all or nothing.
  /// - Parameter timings: Whether to print how long discovery took (`--timings`; a part of
  ///   "gather facts").
  /// - Parameter readFacts: The facts file, already being read (``startReadingFacts()``).
  func gather(
    symptom: Symptom, catalog: Catalog, saving: Bool = true, timings: Bool = false,
    progress: (@Sendable (ProbeRecord) -> Void)? = nil, readFacts: BackgroundValue<FactsFile.Unchecked>? = nil
  ) async throws -> (FactStore, [ProbeRecord]) {
    let saveTarget = try saveTarget()
    let limit = try input.deadlineDuration()  // checked even when replaying: a bad value is a usage error
    var store = FactStore(catalog: catalog)
    var records: [ProbeRecord] = []
    if let facts {
      switch (readFacts?.value() ?? FactsFile.read(facts)).check(against: catalog) {
      case .success(let contents):
        for (id, state) in contents.facts { store[id] = state }
      case .failure(let errors):
        for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
        throw ExitStatus.invalidInput
      }
      try InputAssignment.apply(input.inputs, config: try input.configEntries(), symptom: symptom, to: &store)
      store.markInapplicableProbes(of: catalog)
    } else {
      let runner: ProbeRunner
      (store, runner) = try input.liveRun(symptom: symptom, catalog: catalog, timings: timings)
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

  /// The rest of an audit once the facts are in: the questions nobody answered are settled (an
  /// audit asks nothing), the engine diagnoses, and the run is described for the reports (its
  /// duration only when live, so a replay's reports stay byte-identical).
  func diagnose(
    _ store: consuming FactStore, probes: [ProbeRecord], symptom: Symptom, catalog: Catalog,
    started: ContinuousClock.Instant
  ) -> (Diagnosis, ReportMetadata) {
    store.settleUnansweredQuestions(of: catalog, symptom: symptom.id, reason: "an audit asks nothing")
    // The store is handed over (not copied as the engine derives facts into it).
    let diagnosis = Engine(catalog: catalog).diagnose(symptom: symptom.id, facts: store)
    let metadata = ReportMetadata(
      triageVersion: TriageVersion.current, catalogDigest: catalog.sourceDigest, probes: probes.map(\.summary),
      durationSeconds: facts == nil ? (ContinuousClock.now - started).milliseconds / 1000 : nil)
    return (diagnosis, metadata)
  }
}
