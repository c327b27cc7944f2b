import ArgumentParser
import Foundation
import TriageCore
import TriageRunbook

/// `triage test [PATH…]`: runs the runbooks' examples.
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run the examples of runbooks; print N passed, N failed.",
    discussion:
      "With paths, runs the examples written under them; without, every example. Exit: 0 all pass, 1 a failure, 65 invalid runbooks."
  )

  @Argument(help: "Runbook files or directories whose examples to run.")
  var paths: [String] = []

  @OptionGroup var catalog: CatalogOptions

  @Flag(name: .shortAndLong, help: "Print every example, not only failures.")
  var verbose = false

  func run() throws {
    let loaded = try catalog.loadCatalog(extra: paths)
    // Locations name files as reports show them (see RunbookLoader.displayPath).
    let prefixes = paths.map(RunbookLoader.displayPath)
    let selected = loaded.examples.filter { example in
      prefixes.isEmpty || prefixes.contains { example.location.file == $0 || example.location.file.hasPrefix($0 + "/") }
    }
    let runner = ExampleRunner(catalog: loaded)
    var passed = 0
    var failed = 0
    for example in selected {
      let result = runner.run(example)
      if result.passed {
        passed += 1
        if verbose { StandardOutput.print("PASS \(example.name)  (\(example.location))") }
      } else {
        failed += 1
        StandardOutput.print("\(example.location): error: example '\(example.name)' failed")
        for failure in result.failures { StandardOutput.print("  \(failure)") }
      }
    }
    StandardOutput.print("\(passed) passed, \(failed) failed")
    if failed > 0 { throw ExitStatus.problem }
  }
}
