import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageReports
import TriageRunbook

/// `triage audit [SYMPTOM]`: non-interactive diagnosis with reports and a meaningful exit code.
struct AuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Diagnose a symptom without asking anything; write reports; exit with the verdict.",
    discussion:
      "Never reads standard input. Exit codes: 0 healthy, 1 problem found, 2 undetermined, 64 usage error, 65 invalid runbook or facts file."
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

  @Flag(help: "Print how long each phase took, on standard error.")
  var timings = false

  func run() async throws {
    var clock = PhaseClock(enabled: timings)
    let outputs = try ReportOutput.parse(formats.isEmpty ? ["text"] : formats)
    let loaded = try catalog.loadCatalog()
    clock.lap("load, validate and compile runbooks")
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    let (store, probes) = try await factOptions.gather(symptom: symptom, catalog: loaded)
    clock.lap("gather facts")
    let diagnosis = Engine(catalog: loaded).diagnose(symptom: symptom.id, facts: store)
    clock.lap("diagnose")
    let metadata = ReportMetadata(triageVersion: TriageVersion.current, probes: probes.map(\.summary))
    try ReportOutput.write(outputs, diagnosis: diagnosis, metadata: metadata)
    clock.lap("write reports")
    throw ExitStatus.of(diagnosis.status)
  }
}
