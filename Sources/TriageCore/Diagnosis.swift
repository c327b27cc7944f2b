import TriageCEL

/// The result of reasoning about one symptom: ranked root causes with their evidence, open
/// hypotheses with what blocks them, and the checklist.
///
/// Reports are pure functions of a diagnosis, so it carries everything they print.
public struct Diagnosis: Sendable {
  /// The symptom diagnosed.
  public var symptomID: String
  /// The symptom's title.
  public var symptomTitle: String
  /// The verdict.
  public var status: DiagnosisStatus
  /// What the observation of the symptom found (present, absent, unreachable …).
  public var symptomState: SymptomState
  /// The facts the observation read (`reachable`, then `detect`), with values or why unknown.
  public var observation: [FactEvidence]
  /// Whether the symptom's `detect` held: nil when it has none or it could not be decided.
  public var symptomPresent: Bool? {
    switch symptomState {
    case .present: true
    case .absent: false
    case .unreachable, .unknown, .unchecked: nil
    }
  }
  /// Root causes, ranked (highest certainty first), each with the mechanisms it explains.
  public var causes: [CauseFinding]
  /// Hypotheses neither concluded nor ruled out, with the unknown facts that block them.
  public var undecided: [Hypothesis]
  /// Ids of the hypotheses the evidence ruled out.
  public var ruledOut: [String]
  /// Every hypothesis of the symptom, in catalog order, with its state and combined certainty:
  /// the same list whatever the facts, for monitoring series that never disappear.
  public var hypotheses: [HypothesisOutcome]
  /// The checklist, in catalog order.
  public var checklist: [ChecklistResult]
  /// The symptom's inputs as used (secrets redacted).
  public var inputs: [FactEvidence]
  /// How many rules were evaluated and how many fired.
  public var rulesEvaluated: Int
  /// How many rules fired.
  public var rulesFired: Int
}

/// A concluded cause with the rules and facts behind it.
public struct CauseFinding: Sendable {
  public var id: String
  public var title: String
  public var summary: String?
  /// Combined certainty in 0…1.
  public var certainty: Double
  /// The rules that fired for (or against) this cause.
  public var evidence: [RuleTrace]
  /// Concluded causes this one explains, in chain order (root → … → symptom).
  public var mechanisms: [CauseFinding]
  public var remediation: [RemediationStep]
  public var prevention: [String]
  public var references: [String]
}

/// A fired (or blocked) rule and the facts its condition read.
public struct RuleTrace: Sendable {
  public var ruleID: String
  public var because: String?
  public var condition: String
  public var location: SourceLocation
  /// The certainty the rule contributed, for a concluding rule.
  public var certainty: Double?
  /// The facts read, with values and provenance.
  public var facts: [FactEvidence]
}

/// One fact as evidence: its value (or why it is unknown) and where it came from.
public struct FactEvidence: Sendable {
  public var name: String
  /// The value; nil when unknown or redacted.
  public var value: CELValue?
  /// Why the value is unknown, when it is.
  public var unknownReason: String?
  /// Whether the value was withheld because it is secret.
  public var redacted: Bool
  public var provenance: Provenance?
  /// For a derived fact, the rules that derived it.
  public var derivation: [RuleTrace]
}

/// Where one hypothesis ended.
public struct HypothesisOutcome: Sendable {
  /// How the evidence left a hypothesis.
  public enum State: String, Sendable, CaseIterable {
    /// Concluded, and no other concluded cause explains it.
    case root
    /// Concluded, and explained by a concluded root cause.
    case mechanism
    /// Neither concluded nor ruled out: unknown facts block it.
    case undecided
    /// Ruled out by the evidence.
    case ruledOut = "ruled_out"
  }

  public var id: String
  public var state: State
  /// The combined certainty, clamped to 0…1.
  public var certainty: Double
}

/// A hypothesis left open: a cause that unknown facts keep from being concluded or ruled out.
public struct Hypothesis: Sendable {
  public var id: String
  public var title: String
  /// The rules that could have concluded it but were blocked.
  public var blockedRules: [String]
  /// For each blocked rule (same order), the names of the unknown base facts behind its block.
  public var blockedRuleFacts: [[String]]
  /// The unknown base facts behind the block, with their reasons.
  public var blockedBy: [FactEvidence]
}

/// The answer to one checklist item.
public struct ChecklistResult: Sendable {
  /// pass, fail, unknown, or not applicable (the item reads only facts that do not apply here).
  public enum Outcome: String, Sendable, Codable, CaseIterable {
    case pass, fail, unknown
    case notApplicable = "not_applicable"
  }

  public var id: String
  public var text: String
  /// Whether the verdict depends on the item.
  public var essential: Bool
  public var outcome: Outcome
  /// Why it is unknown: the unknown facts, or the evaluation error.
  public var reason: String?
}
