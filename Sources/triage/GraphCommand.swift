import ArgumentParser
import TriageCore
import TriageReports

/// `triage graph [SYMPTOM]`: draws the decision structure.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Draw the decision structure of a symptom: facts → rules → causes → symptom.")

  @Argument(help: "The symptom (default: the catalog's only symptom).")
  var symptom: String?

  @Option(help: "mermaid or dot.")
  var format: String = "mermaid"

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    let loaded = try catalog.loadCatalog()
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    let graph = DecisionGraph(catalog: loaded, symptom: symptom.id)
    switch format {
    case "mermaid": StandardOutput.print(graph.mermaid(), terminator: "")
    case "dot": StandardOutput.print(graph.dot(), terminator: "")
    default: throw ValidationError("--format is mermaid or dot")
    }
  }
}
