import TriageCEL
import TriageCore
import TriageRunbook

/// Scripted answers for `triage diagnose --answers FILE`: a facts file (or a plain mapping of
/// fact names to answers); a fact given as unknown answers `unknown`.
enum AnswersFile {
  static func read(_ path: String) -> Result<[String: FactState], CatalogErrors> {
    FactsFile.readUntyped(path).map { entries in
      Dictionary(entries.map { ($0.name, $0.state) }, uniquingKeysWith: { _, last in last })
    }
  }
}
