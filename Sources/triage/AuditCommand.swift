import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageReports
import TriageRunbook

/// `triage audit [SYMPTOM]`: non-interactive diagnosis with reports and a meaningful exit code.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Diagnose a symptom without asking anything; write reports; exit with the verdict.",
    discussion:
      "Exit codes: 0 healthy, 1 problem found, 2 undetermined, 64 usage error, 65 invalid runbook or facts file.")

  @Argument(help: "The symptom to diagnose (default: the catalog's only symptom).")
  var symptom: String?

  @Option(help: ArgumentHelp("Replay saved facts from a file instead of probing.", valueName: "file"))
  var facts: String?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("Set a symptom input, e.g. --set app_port=8001 (repeatable).", valueName: "name=value"))
  var inputs: [String] = []

  @Option(
    name: .customLong("format"),
    help: ArgumentHelp(
      "Report format, optionally to a file: text, json, json:report.json (repeatable).", valueName: "format[:file]"))
  var formats: [String] = []

  @OptionGroup var catalog: CatalogOptions

  @Flag(help: "Print how long each phase took, on standard error.")
  var timings = false

  func run() throws {
    var clock = PhaseClock(enabled: timings)
    let outputs = try ReportOutput.parse(formats.isEmpty ? ["text"] : formats)
    let loaded = try catalog.loadCatalog()
    clock.lap("load, validate and compile runbooks")
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    var store = FactStore(catalog: loaded)
    if let facts {
      switch FactsFile.read(facts, catalog: loaded) {
      case .success(let contents):
        for (id, state) in contents.facts { store[id] = state }
      case .failure(let errors):
        for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
        throw ExitStatus.invalidInput
      }
    } else {
      throw ValidationError("live probing is not available in this build: pass --facts FILE to replay saved facts")
    }
    try InputAssignment.apply(inputs, symptom: symptom, to: &store)
    clock.lap("read facts")
    let diagnosis = Engine(catalog: loaded).diagnose(symptom: symptom.id, facts: store)
    clock.lap("diagnose")
    let metadata = ReportMetadata(triageVersion: TriageVersion.current)
    try ReportOutput.write(outputs, diagnosis: diagnosis, metadata: metadata)
    clock.lap("write reports")
    throw ExitStatus.of(diagnosis.status)
  }
}
