import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports
import TriageRunbook

/// `triage audit [SYMPTOM]`: non-interactive diagnosis with reports and a meaningful exit code.
struct AuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Diagnose a symptom without asking anything; write reports; exit with the verdict.",
    discussion:
      "Never reads standard input. Exit codes: 0 healthy, 1 problem, unreachable or at-risk, 2 undetermined, 64 usage error, 65 invalid runbook or facts file; with --nagios 0 OK, 1 WARNING (at-risk), 2 CRITICAL (problem, unreachable), 3 UNKNOWN (undetermined, or any error)."
  )

  @Argument(help: "The symptom to diagnose (default: the catalog's only symptom).")
  var symptom: String?

  @OptionGroup var factOptions: FactOptions

  @Option(
    name: .customLong("format"),
    help: ArgumentHelp(
      "Report format, optionally to a file: text, json, json:report.json (repeatable).", valueName: "format[:file]"))
  var formats: [String] = []

  @OptionGroup var catalog: CatalogOptions

  @Option(
    name: .customLong("fail-on"),
    help:
      "What makes the exit code non-zero: undetermined (problem → 1, undetermined → 2; the default), problem (only a problem), never."
  )
  var failOn: FailOn = .undetermined

  @Flag(
    help:
      "Print one monitoring-plugin status line with performance data and exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
  var nagios = false

  @Flag(help: "Print how long each phase took, on standard error.")
  var timings = false

  @Flag(help: "Show each rule's condition and where it is written in the evidence of text reports.")
  var verbose = false

  func run() async throws {
    let started = ContinuousClock.now
    var clock = PhaseClock(enabled: timings)
    let outputs = try ReportOutput.parse(nagios ? formats + ["nagios"] : (formats.isEmpty ? ["text"] : formats))
    let readFacts = factOptions.startReadingFacts()
    let (loaded, cache, pendingStore) = try catalog.loadCatalogReportingCache()
    clock.lap(cache == .hit ? "load the compiled catalog from the cache" : "load, validate and compile runbooks")
    // A newly compiled catalog is written to the cache on another core while the audit goes on.
    let storing = pendingStore.map(BackgroundWork.start)
    // On every way out (an unknown symptom, a failed report): a half-written store is never abandoned.
    defer { storing?.wait() }
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    let progress: (@Sendable (ProbeRecord) -> Void)? =
      StandardError.isTerminal(2)
      ? { @Sendable record in StandardError.write(ProbeLine.format(record, style: TextStyle(color: false))) } : nil
    let saveTarget = try factOptions.saveTarget()
    let (store, probes) = try await factOptions.gather(
      symptom: symptom, catalog: loaded, saving: false, timings: clock.enabled, progress: progress,
      readFacts: readFacts)
    // Saved before the questions are settled: a replay in a guided session may still ask them.
    let saved = saveTarget.map { ($0, FactsFileWriter.render(store, catalog: loaded, symptom: symptom.id)) }
    clock.lap("gather facts")
    let (diagnosis, metadata) = factOptions.diagnose(
      store, probes: probes, symptom: symptom, catalog: loaded, started: started)
    clock.lap("diagnose")
    try ReportOutput.write(
      outputs, diagnosis: diagnosis, metadata: metadata, extra: saved.map { [$0] } ?? [], verbose: verbose)
    clock.lap("write reports")
    let code = nagios ? NagiosReporter.state(for: diagnosis).rawValue : failOn.exitCode(for: diagnosis.status).rawValue
    storing?.wait()
    if storing != nil { clock.lap("finish storing the compiled catalog") }
    // The catalog and the diagnosis would otherwise be torn down after their last use.
    withExtendedLifetime((loaded, diagnosis)) { ProcessExit.now(code) }
  }
}
