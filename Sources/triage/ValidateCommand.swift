import ArgumentParser
import TriageCore
import TriageRunbook

/// `triage validate [PATH…]`: checks runbooks and prints every problem, compiler style.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check runbooks; print every problem as file:line:col: error: message (and warnings).",
    discussion: "Exit codes: 0 clean, 65 errors found, 64 usage error.")

  @Argument(help: "Runbook files or directories to check, in addition to the bundled ones.")
  var paths: [String] = []

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    let loaded = try catalog.loadCatalog(extra: paths)
    for warning in HardCodedRemediation.warnings(in: loaded) { StandardError.write(warning.description) }
    StandardOutput.print(
      "ok: \(loaded.symptoms.count) symptoms, \(loaded.probes.count) probes, \(loaded.rules.count) rules, "
        + "\(loaded.causes.count) causes, \(loaded.checklist.count) checklist items, \(loaded.examples.count) examples")
  }
}
