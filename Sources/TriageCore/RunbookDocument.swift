import TriageCEL

/// One runbook file as written, before the catalog resolves names and compiles expressions.
///
/// The YAML loader produces these; ``CatalogBuilder`` merges many of them into a ``Catalog``.
/// Keeping this step free of YAML lets the validator be tested without files.
public struct RunbookDocument: Sendable {
  /// The file the document came from.
  public var file: String
  /// The symptom that checklist items and examples of this file belong to by default.
  public var symptom: Located<String>?
  /// Symptoms (entry points) the file defines.
  public var symptoms: [SymptomSpec] = []
  /// Inputs the file adds to its `symptom` (a technology file brings the inputs its probes need).
  public var inputs: [InputSpec] = []
  /// Facts the file declares explicitly.
  public var facts: [FactSpec] = []
  /// Probes the file declares.
  public var probes: [ProbeSpec] = []
  /// Questions the file declares.
  public var questions: [QuestionSpec] = []
  /// Rules the file declares.
  public var rules: [RuleSpec] = []
  /// Causes the file declares.
  public var causes: [CauseSpec] = []
  /// Checklist items the file declares.
  public var checklist: [ChecklistSpec] = []
  /// Examples (tests) the file declares.
  public var examples: [ExampleSpec] = []
  /// Ids of rules, causes, probes and checklist items, defined elsewhere, that this file switches off.
  public var disable: [DisableSpec] = []
  /// Steps this file adds to causes defined anywhere (a technology's own commands).
  public var remediation: [RemediationSpec] = []

  /// Creates an empty document for a file.
  public init(file: String) {
    self.file = file
  }

  /// Adds what `other`, a later part of the same file, declares after what this one declares.
  public mutating func append(contentsOf other: RunbookDocument) {
    if let symptom = other.symptom { self.symptom = symptom }
    symptoms += other.symptoms
    inputs += other.inputs
    facts += other.facts
    probes += other.probes
    questions += other.questions
    rules += other.rules
    causes += other.causes
    checklist += other.checklist
    examples += other.examples
    disable += other.disable
    remediation += other.remediation
  }
}

/// An expression as written: CEL text, where it starts, and where each of its characters is
/// when the YAML scalar's value differs from its source text (escapes, folded lines).
public struct ExpressionText: Sendable {
  /// The CEL text.
  public let value: String
  /// Where the text starts.
  public var location: SourceLocation
  /// For each Unicode scalar of `value`, its place in the file; nil when the text is verbatim.
  public var positions: [SourceLocation]?
  /// Whether the text may call `now()` (it has `now(` or `now (`): found where the text is
  /// decoded, on every core, so that the catalog builder need not scan thousands of texts again.
  public let mayCallNow: Bool

  /// Creates an expression text.
  public init(_ value: String, at location: SourceLocation, positions: [SourceLocation]? = nil) {
    self.value = value
    self.location = location
    self.positions = positions
    mayCallNow =
      value.containsBytes(of: "now") && (value.containsBytes(of: "now(") || value.containsBytes(of: "now ("))
  }
}

/// A symptom definition.
public struct SymptomSpec: Sendable {
  public var id: Located<String>
  public var title: String
  public var summary: String?
  public var inputs: [InputSpec]
  public var detect: ExpressionText?
  public var reachable: ExpressionText?
  public var minCertainty: Located<Double>?

  public init(
    id: Located<String>, title: String, summary: String?, inputs: [InputSpec], detect: ExpressionText?,
    reachable: ExpressionText? = nil, minCertainty: Located<Double>?
  ) {
    self.id = id
    self.title = title
    self.summary = summary
    self.inputs = inputs
    self.detect = detect
    self.reachable = reachable
    self.minCertainty = minCertainty
  }
}

/// A typed input of a symptom (URL, port, service name, DSN …), available to rules as `input.NAME`.
public struct InputSpec: Sendable {
  public var name: Located<String>
  public var type: Located<FactType>
  public var defaultValue: Located<CELValue>?
  public var description: String?
  public var secret: Bool

  public init(
    name: Located<String>, type: Located<FactType>, defaultValue: Located<CELValue>?, description: String?,
    secret: Bool
  ) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.description = description
    self.secret = secret
  }
}

/// An explicit fact declaration: its type, a description, and whether it is secret.
///
/// Immutable and shared: a copy is one reference, and a runbook declares thousands.
public final class FactSpec: Sendable {
  public let name: Located<String>
  public let type: Located<FactType>
  public let description: String?
  public let secret: Bool
  public let defaultValue: Located<CELValue>?

  public init(
    name: Located<String>, type: Located<FactType>, description: String?, secret: Bool,
    defaultValue: Located<CELValue>?
  ) {
    self.name = name
    self.type = type
    self.description = description
    self.secret = secret
    self.defaultValue = defaultValue
  }
}

/// A probe declaration: a read-only check of some kind and the facts it yields.
public struct ProbeSpec: Sendable {
  public var id: Located<String>
  public var kind: Located<String>
  public var description: String?
  public var parameters: [(name: Located<String>, value: Located<CELValue>)]
  public var timeout: Located<Duration>?
  public var when: ExpressionText?
  public var yields: [YieldSpec]
  public var override: Bool
  /// The fields of the kind's result with their types, when the kind declares them: each
  /// `result.field` a yield reads is checked against them.
  public var resultFields: [String: CELType]?
  /// Each text with placeholders in the parameters, by parameter, where it is written; `nil`
  /// when not known (then a parameter's problems are reported at the parameter).
  public var templates: [(parameter: String, text: Located<String>)]?

  public init(
    id: Located<String>, kind: Located<String>, description: String?,
    parameters: [(name: Located<String>, value: Located<CELValue>)], timeout: Located<Duration>?,
    when: ExpressionText?, yields: [YieldSpec], override: Bool, resultFields: [String: CELType]? = nil,
    templates: [(parameter: String, text: Located<String>)]? = nil
  ) {
    self.id = id
    self.kind = kind
    self.description = description
    self.parameters = parameters
    self.timeout = timeout
    self.when = when
    self.yields = yields
    self.override = override
    self.resultFields = resultFields
    self.templates = templates
  }
}

/// One fact a probe yields: a name and a CEL expression over the probe's `result`.
public struct YieldSpec: Sendable {
  public var fact: Located<String>
  public var expression: ExpressionText
  public var type: Located<FactType>?
  public var secret: Bool

  public init(fact: Located<String>, expression: ExpressionText, type: Located<FactType>?, secret: Bool) {
    self.fact = fact
    self.expression = expression
    self.type = type
    self.secret = secret
  }
}

/// A question that asks a person for a fact no probe could establish (guided mode only).
public struct QuestionSpec: Sendable {
  public var fact: Located<String>
  public var text: String
  public var help: String?
  public var type: Located<FactType>?
  public var choices: [Located<CELValue>]
  public var cost: Double

  public init(
    fact: Located<String>, text: String, help: String?, type: Located<FactType>?, choices: [Located<CELValue>],
    cost: Double
  ) {
    self.fact = fact
    self.text = text
    self.help = help
    self.type = type
    self.choices = choices
    self.cost = cost
  }
}

/// A rule: when its condition is true it derives facts or concludes a cause with a certainty.
///
/// Immutable and shared: a copy is one reference, and a runbook holds thousands of rules.
public final class RuleSpec: Sendable {
  /// What a rule does when it fires.
  public enum Action: Sendable {
    case derive([(fact: Located<String>, expression: ExpressionText)])
    case conclude(cause: Located<String>, certainty: Located<Double>)
  }

  public let id: Located<String>
  public let when: ExpressionText
  public let action: Action
  public let because: String?
  public let override: Bool

  public init(id: Located<String>, when: ExpressionText, action: Action, because: String?, override: Bool) {
    self.id = id
    self.when = when
    self.action = action
    self.because = because
    self.override = override
  }
}

/// A cause: what is wrong, why it produces the symptom, and how to fix and prevent it.
public struct CauseSpec: Sendable {
  public var id: Located<String>
  public var title: String
  public var summary: String?
  public var explains: [Located<String>]
  public var remediation: [RemediationSpec]
  public var prevention: [String]
  public var references: [String]
  public var override: Bool

  public init(
    id: Located<String>, title: String, summary: String?, explains: [Located<String>],
    remediation: [RemediationSpec], prevention: [String], references: [String], override: Bool
  ) {
    self.id = id
    self.title = title
    self.summary = summary
    self.explains = explains
    self.remediation = remediation
    self.prevention = prevention
    self.references = references
    self.override = override
  }
}

/// A checklist item that every audit answers pass, fail or unknown.
public struct ChecklistSpec: Sendable {
  public var id: Located<String>
  public var symptom: Located<String>?
  public var text: String
  public var pass: ExpressionText
  public var essential: Bool
  public var override: Bool

  public init(
    id: Located<String>, symptom: Located<String>?, text: String, pass: ExpressionText, essential: Bool = false,
    override: Bool
  ) {
    self.id = id
    self.symptom = symptom
    self.text = text
    self.pass = pass
    self.essential = essential
    self.override = override
  }
}

/// An example: given facts, the diagnosis that must result. Examples are documentation and tests.
public struct ExampleSpec: Sendable {
  public var name: Located<String>
  public var symptom: Located<String>?
  public var facts: [(name: Located<String>, value: Located<CELValue>)]
  public var unknown: [(name: Located<String>, reason: String)]
  /// Probe results given as fixtures: probe id and the structured result.
  public var probeResults: [(probe: Located<String>, result: Located<CELValue>)] = []
  /// Base facts and the values they must have once the facts and fixtures are in.
  public var expectFacts: [(name: Located<String>, value: Located<CELValue>)] = []
  public var expectStatus: Located<String>?
  public var expectRootCause: Located<String>?
  public var expectCauses: [Located<String>]?
  public var expectAbsent: [Located<String>]

  public init(
    name: Located<String>, symptom: Located<String>?, facts: [(name: Located<String>, value: Located<CELValue>)],
    unknown: [(name: Located<String>, reason: String)], expectStatus: Located<String>?,
    expectRootCause: Located<String>?, expectCauses: [Located<String>]?, expectAbsent: [Located<String>]
  ) {
    self.name = name
    self.symptom = symptom
    self.facts = facts
    self.unknown = unknown
    self.expectStatus = expectStatus
    self.expectRootCause = expectRootCause
    self.expectCauses = expectCauses
    self.expectAbsent = expectAbsent
  }
}

/// Something defined elsewhere that a file switches off.
public struct DisableSpec: Sendable {
  /// Which kind of definition is disabled.
  public enum Kind: String, Sendable, CaseIterable {
    case rules, causes, probes, checklist
  }

  public var kind: Kind
  public var id: Located<String>

  public init(kind: Kind, id: Located<String>) {
    self.kind = kind
    self.id = id
  }
}
