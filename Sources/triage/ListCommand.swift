import ArgumentParser
import TriageCore

/// `triage list`: what the catalog holds and where each thing is defined.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List symptoms, causes, probes and rules, with where each is defined.")

  @Argument(help: "What to list: symptoms, causes, probes, rules, checklist, inputs, or all.")
  var what: String = "all"

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    let kinds = ["symptoms", "causes", "probes", "rules", "checklist", "inputs"]
    guard what == "all" || kinds.contains(what) else {
      throw ValidationError("list one of: \(kinds.joined(separator: ", ")), all")
    }
    let loaded = try catalog.loadCatalog()
    func section(_ name: String, _ rows: [(String, String, SourceLocation)]) {
      guard what == "all" || what == name else { return }
      StandardOutput.print("\(name):")
      let width = min(40, rows.map(\.0.count).max() ?? 0)
      for (id, title, location) in rows {
        StandardOutput.print("  \(id.padding(width))  \(title)  (\(location))")
      }
    }
    section("symptoms", loaded.symptoms.map { ($0.id, $0.title, $0.location) })
    section(
      "inputs",
      loaded.symptoms.flatMap { symptom in
        symptom.inputs.map { ("\(symptom.id).\($0.name)", "\($0.type)\($0.secret ? ", secret" : "")", $0.location) }
      })
    section("causes", loaded.causes.map { ($0.id, $0.title, $0.location) })
    section("probes", loaded.probes.map { ($0.id, $0.kind, $0.location) })
    section("rules", loaded.rules.map { ($0.id, $0.because ?? $0.when.source, $0.location) })
    section("checklist", loaded.checklist.map { ($0.id, $0.text, $0.location) })
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
