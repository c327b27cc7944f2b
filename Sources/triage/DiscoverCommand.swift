import ArgumentParser
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports

/// `triage discover [SYMPTOM]`: the stack this host runs, as a ready-to-edit `--config` file.
struct DiscoverCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "discover",
    abstract: "Find the stack running on this host and print its inputs as a --config file.",
    discussion: """
      Reads the process table, the listening sockets, each server's command line and the \
      configuration files it names (read-only). Every value is commented with where it was found. \
      Passwords found in the application's environment are never printed: triage reads them there \
      again at each run.
      """)

  @Argument(help: "The symptom whose inputs to discover (default: the catalog's only symptom).")
  var symptom: String?

  @Option(help: "yaml (a --config file) or json.")
  var format: String = "yaml"

  @Option(help: ArgumentHelp("How long discovery may take, e.g. 2s.", valueName: "duration"))
  var deadline: String = "2s"

  @OptionGroup var catalog: CatalogOptions

  func run() async throws {
    guard format == "yaml" || format == "json" else { throw ValidationError("--format is yaml or json") }
    let span = try DurationOption.parse(deadline, option: "--deadline")
    let loaded = try catalog.loadCatalog()
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    let discovery = StackDiscovery.run(deadline: .now + span)
    let output =
      format == "json"
      ? DiscoveryRendering.json(discovery, symptom: symptom) : DiscoveryRendering.yaml(discovery, symptom: symptom)
    StandardOutput.print(output, terminator: "")
  }
}
