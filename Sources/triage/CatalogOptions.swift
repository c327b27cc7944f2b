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

  @Flag(
    name: .customLong("no-cache"),
    help: "Compile the runbooks even if the compiled-catalog cache holds them (and store nothing).")
  var noCache = false

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

  /// Loads the catalog (from the compiled-catalog cache when it holds it, storing it there when
  /// it belongs there), printing every diagnostic on failure.
  func loadCatalog(extra: [String] = []) throws -> Catalog {
    let (catalog, _, store) = try loadCatalogReportingCache(extra: extra)
    store?.run()
    return catalog
  }

  /// Loads the catalog, printing every diagnostic on failure; also tells what happened to the
  /// cache, and hands back the store of a newly compiled catalog for the caller to run.
  func loadCatalogReportingCache(extra: [String] = []) throws -> (
    catalog: Catalog, cache: CatalogCache.Outcome, store: CatalogCache.PendingStore?
  ) {
    MemoryAllocator.preferHugePages()
    let directory = noCache ? nil : CatalogCache.defaultDirectory(environment: ProcessInfo.processInfo.environment)
    let (result, outcome, store) = ProbeCatalog.loader().load(
      paths: try paths(extra: extra), cache: directory.map(CatalogCache.init(directory:)))
    switch result {
    case .success(let catalog):
      if case .untrusted(let reason) = outcome {
        StandardError.write("warning: the compiled-catalog cache is not used: \(reason)")
      }
      return (catalog, outcome, store)
    case .failure(let errors):
      for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
      let count = errors.diagnostics.filter { $0.severity == .error }.count
      StandardError.write("\(count) error\(count == 1 ? "" : "s") in the runbooks")
      throw ExitStatus.invalidInput
    }
  }
}
