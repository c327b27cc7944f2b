import ArgumentParser
import TriageCore

/// Picks the symptom to diagnose: the one named, or the catalog's only one.
enum SymptomChoice {
  static func resolve(_ name: String?, in catalog: Catalog) throws -> Symptom {
    let known = catalog.symptoms.map(\.id).joined(separator: ", ")
    if let name {
      guard let symptom = catalog.symptom(name) else {
        throw ValidationError("unknown symptom '\(name)'; known symptoms: \(known.isEmpty ? "none" : known)")
      }
      return symptom
    }
    guard catalog.symptoms.count == 1, let only = catalog.symptoms.first else {
      throw ValidationError("name a symptom; known symptoms: \(known.isEmpty ? "none" : known)")
    }
    return only
  }
}
