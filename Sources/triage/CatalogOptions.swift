import ArgumentParser
import Foundation
import TriageCore
import TriageRunbook

/// Where runbooks come from: the bundled library, `--runbooks` directories and `TRIAGE_RUNBOOKS`.
struct CatalogOptions: ParsableArguments {
  @Option(
    name: .customLong("runbooks"),
    help: ArgumentHelp(
      "Add a runbook file or directory (repeatable; also TRIAGE_RUNBOOKS, colon-separated).", valueName: "dir"))
  var runbooks: [String] = []

  @Flag(name: .customLong("no-bundled"), help: "Leave out the bundled runbooks.")
  var noBundled = false

  /// The paths to load, bundled first, then the environment's, then the options', each once.
  func paths(extra: [String] = []) throws -> [String] {
    var paths: [String] = []
    if !noBundled {
      guard let bundled = BundledRunbooks.directory() else {
        throw ValidationError("cannot find the bundled runbooks; set TRIAGE_BUNDLED_RUNBOOKS or pass --no-bundled")
      }
      paths.append(bundled)
    }
    if let environment = ProcessInfo.processInfo.environment["TRIAGE_RUNBOOKS"] {
      paths += environment.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }
    return paths + runbooks + extra
  }

  /// Loads the catalog, printing every diagnostic on failure.
  func loadCatalog(extra: [String] = []) throws -> Catalog {
    switch ProbeCatalog.loader().load(paths: try paths(extra: extra)) {
    case .success(let catalog):
      return catalog
    case .failure(let errors):
      for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
      let count = errors.diagnostics.filter { $0.severity == .error }.count
      StandardError.write("\(count) error\(count == 1 ? "" : "s") in the runbooks")
      throw ExitStatus.invalidInput
    }
  }
}
