import TriageCEL
import TriageCore
import TriageRunbook

/// Builds catalogs from YAML text for tests.
enum CatalogFixture {
  /// Loads runbook text as one file; records an issue and returns nil on diagnostics.
  static func catalog(_ yaml: String, file: String = "test.yaml") throws -> Catalog {
    var diagnostics: [Diagnostic] = []
    guard let document = RunbookLoader().decode(yaml, file: file, diagnostics: &diagnostics), diagnostics.isEmpty
    else {
      throw CatalogErrors(diagnostics: diagnostics)
    }
    var builder = CatalogBuilder()
    return try builder.build([document]).get()
  }

  /// Diagnostics of runbook text, as strings, loaded by `loader`.
  static func diagnostics(_ yaml: String, file: String = "test.yaml", loader: RunbookLoader = RunbookLoader())
    -> [String]
  {
    var diagnostics: [Diagnostic] = []
    guard let document = loader.decode(yaml, file: file, diagnostics: &diagnostics) else {
      return diagnostics.map(\.description)
    }
    var builder = CatalogBuilder()
    if case .failure(let errors) = builder.build([document]) { diagnostics += errors.diagnostics }
    return diagnostics.sorted().map(\.description)
  }

  /// Diagnoses a symptom from facts given by name.
  static func diagnose(
    _ catalog: Catalog, _ symptom: String, facts: [String: CELValue], unknown: [String] = [],
    notApplicable: [String] = []
  ) -> Diagnosis {
    var store = FactStore(catalog: catalog)
    for (name, value) in facts { store.set(name, to: .known(value, Provenance(kind: "test", source: "test"))) }
    for name in unknown { store.set(name, to: .unknown(reason: "timed out", nil)) }
    for name in notApplicable { store.set(name, to: .notApplicable(reason: "no cache here", nil)) }
    return Engine(catalog: catalog).diagnose(symptom: symptom, facts: store)
  }
}
