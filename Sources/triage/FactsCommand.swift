import ArgumentParser
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports

/// `triage facts [SYMPTOM]`: collects (or replays) the facts a diagnosis needs, without diagnosing.
struct FactsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "facts",
    abstract: "Collect the facts a symptom's diagnosis needs and print them, without diagnosing.",
    discussion: "--format json prints a facts file (triage-facts/1) that `triage audit --facts` replays.")

  @Argument(help: "The symptom whose facts to collect (default: the catalog's only symptom).")
  var symptom: String?

  @OptionGroup var factOptions: FactOptions

  @Option(help: "text or json.")
  var format: String = "text"

  @OptionGroup var catalog: CatalogOptions

  func run() async throws {
    guard format == "text" || format == "json" else { throw ValidationError("--format is text or json") }
    let loaded = try catalog.loadCatalog()
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    let (store, records) = try await factOptions.gather(symptom: symptom, catalog: loaded)
    if format == "json" {
      StandardOutput.print(FactsFileWriter.render(store, catalog: loaded, symptom: symptom.id), terminator: "")
      return
    }
    for declaration in loaded.facts where declaration.provider != .derived {
      let line: String
      switch store[declaration.id] {
      case .unset: continue
      case .known(let value, let provenance):
        let shown = declaration.secret ? "[redacted]" : value.description
        line = "\(declaration.name) = \(shown)  ← \(provenance.kind) \(provenance.source)"
      case .unknown(let reason, _):
        line = "\(declaration.name) = unknown (\(reason))"
      case .notApplicable(let reason, _):
        line = "\(declaration.name) = not applicable (\(reason))"
      }
      StandardOutput.print(line)
    }
    for record in records {
      let milliseconds = Int(record.duration.milliseconds)
      StandardOutput.print(
        "probe \(record.id) (\(record.kind)): \(record.status.rawValue) in \(milliseconds) ms\(record.reason.map { " — \($0)" } ?? "")"
      )
    }
  }
}
