import TriageCEL

/// Merges runbook documents into a validated ``Catalog``, collecting every problem at once.
///
/// Documents are applied in the order given (bundled first, then team catalogs), so a later
/// file can override (`override: true`) or disable a definition of an earlier one by id.
/// ```swift
/// var builder = CatalogBuilder()
/// switch builder.build(documents) {
/// case .success(let catalog): …
/// case .failure(let problems): problems.diagnostics.forEach { print($0) }
/// }
/// ```
public struct CatalogBuilder {
  /// The problems found so far, in the order found.
  public internal(set) var diagnostics: [Diagnostic] = []

  var symptoms = DefinitionTable<SymptomSpec>(kind: "symptom")
  var probes = DefinitionTable<ProbeSpec>(kind: "probe")
  var rules = DefinitionTable<RuleSpec>(kind: "rule")
  var causes = DefinitionTable<CauseSpec>(kind: "cause")
  var checklist = DefinitionTable<(spec: ChecklistSpec, symptom: Located<String>?)>(kind: "checklist item")
  var factSpecs: [FactSpec] = []
  var questionSpecs: [QuestionSpec] = []
  var exampleSpecs: [(spec: ExampleSpec, symptom: Located<String>?)] = []
  var disables: [DisableSpec] = []
  /// Steps files add to causes at their top level, in the order the files were read.
  var addedRemediation: [RemediationSpec] = []
  /// Inputs files add to a symptom defined elsewhere, with the file's `symptom:`.
  var addedInputs: [(symptom: Located<String>?, input: InputSpec)] = []

  /// Creates an empty builder.
  public init() {}

  /// Validates and compiles the documents into a catalog.
  ///
  /// - Parameter documents: The runbook files, in load order.
  /// - Returns: The catalog, or every problem found (sorted by location) when there is any error.
  public mutating func build(_ documents: consuming [RunbookDocument]) -> Result<Catalog, CatalogErrors> {
    // Each document is released once its definitions are collected, so the specs exist once.
    for index in documents.indices {
      let document = documents[index]
      documents[index] = RunbookDocument(file: document.file)
      collect(document)
    }
    addInputs()
    applyDisables()
    LoadPhases.lap("collect definitions")
    var facts = FactTable()
    declareFacts(into: &facts)
    let environment = facts.environment()
    LoadPhases.lap("declare facts")
    let catalog = compile(facts: &facts, environment: environment)
    LoadPhases.lap("index the catalog")
    let errors = diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty, let catalog else {
      return .failure(CatalogErrors(diagnostics: diagnostics.sorted()))
    }
    return .success(catalog)
  }

  mutating func error(_ message: String, at location: SourceLocation?) {
    diagnostics.append(Diagnostic(.error, message, at: location))
  }

  /// `"; did you mean 'x'?"` for the closest name among `candidates`, or `""`.
  static func didYouMean(_ name: String, in candidates: some Sequence<String>) -> String {
    Suggestion.hint(for: name, in: candidates.sorted())
  }

  private mutating func collect(_ document: RunbookDocument) {
    for spec in document.symptoms {
      symptoms.add(spec, id: spec.id, override: false, into: &diagnostics)
    }
    for spec in document.probes {
      probes.add(spec, id: spec.id, override: spec.override, into: &diagnostics)
    }
    rules.reserveCapacity(adding: document.rules.count)
    for spec in document.rules {
      rules.add(spec, id: spec.id, override: spec.override, into: &diagnostics)
    }
    for spec in document.causes {
      causes.add(spec, id: spec.id, override: spec.override, into: &diagnostics)
    }
    for spec in document.checklist {
      checklist.add((spec, spec.symptom ?? document.symptom), id: spec.id, override: spec.override, into: &diagnostics)
    }
    factSpecs += document.facts
    questionSpecs += document.questions
    exampleSpecs += document.examples.map { ($0, $0.symptom ?? document.symptom) }
    disables += document.disable
    addedRemediation += document.remediation
    addedInputs += document.inputs.map { (document.symptom, $0) }
  }

  /// Adds the inputs of technology files to the symptoms they name.
  private mutating func addInputs() {
    for (symptom, input) in addedInputs {
      guard let symptom else {
        error(
          "a file that adds inputs names its symptom (symptom: ID at the top)", at: input.name.location)
        continue
      }
      var duplicate: SourceLocation?
      let found = symptoms.update(symptom.value) { spec in
        if let existing = spec.inputs.first(where: { $0.name.value == input.name.value }) {
          duplicate = existing.name.location
        } else {
          spec.inputs.append(input)
        }
      }
      if !found {
        error("inputs for unknown symptom '\(symptom.value)'", at: symptom.location)
      } else if let duplicate {
        error(
          "symptom '\(symptom.value)' already has an input '\(input.name.value)' (at \(duplicate))",
          at: input.name.location)
      }
    }
  }

  private mutating func applyDisables() {
    for disable in disables {
      let found: Bool
      switch disable.kind {
      case .rules: found = rules.remove(disable.id.value)
      case .causes: found = causes.remove(disable.id.value)
      case .probes: found = probes.remove(disable.id.value)
      case .checklist: found = checklist.remove(disable.id.value)
      }
      if !found {
        error("cannot disable unknown \(disable.kind.singular) '\(disable.id.value)'", at: disable.id.location)
      }
    }
  }
}

/// Every problem that kept a catalog from building.
public struct CatalogErrors: Error, Sendable, CustomStringConvertible {
  /// The diagnostics, errors and warnings, sorted by location.
  public var diagnostics: [Diagnostic]

  /// Creates the error from diagnostics.
  public init(diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}

extension DisableSpec.Kind {
  var singular: String {
    switch self {
    case .rules: "rule"
    case .causes: "cause"
    case .probes: "probe"
    case .checklist: "checklist item"
    }
  }
}
