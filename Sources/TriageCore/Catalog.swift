import TriageCEL

/// A validated, compiled set of runbooks: what the engine reasons with.
///
/// Build one with ``CatalogBuilder``:
/// ```swift
/// var builder = CatalogBuilder()
/// let catalog = try builder.build(documents).get()
/// ```
public struct Catalog: Sendable {
  /// Every fact, indexed by ``FactDeclaration/id``.
  public var facts: [FactDeclaration]
  /// Fact ids by dotted name.
  public var factIndex: [String: Int]
  /// Symptoms in load order.
  public var symptoms: [Symptom]
  /// Probes in load order.
  public var probes: [ProbeDeclaration]
  /// Questions by the fact they ask for.
  public var questions: [Int: Question]
  /// Rules in evaluation order: every rule comes after the rules deriving the facts it reads.
  public var rules: [Rule]
  /// Causes in load order.
  public var causes: [Cause]
  /// Cause indexes by id.
  public var causeIndex: [String: Int]
  /// Checklist items in load order.
  public var checklist: [ChecklistItem]
  /// Examples in load order.
  public var examples: [Example]
  /// For each fact id, the indexes (into ``rules``) of the rules whose condition reads it.
  public var rulesReadingFact: IndexLists
  /// For each fact id, the indexes of the rules that derive it.
  public var rulesDerivingFact: IndexLists
  /// For each cause index, the indexes of the rules that conclude it.
  public var rulesConcludingCause: IndexLists
  /// For each rule index, the declared facts the rule reads: in its condition and in the values
  /// it derives. (The engine walks these plain integers, not ten thousand rule objects.)
  public var factsReadByRule: IndexLists
  /// An identifier of the runbook files' contents (set by the loader), so a report says which
  /// runbook version produced it.
  public var sourceDigest: String?
  /// The variable id that stands for a probe's `result` in `yields` expressions.
  public static let resultVariableID = -1

  /// The fact `now()` reads: the time of the run, set once when a live run starts and saved with
  /// the facts, so a replay sees the same time. Declared only in catalogs whose expressions call
  /// `now()`.
  public static let nowFactName = "triage.now"

  /// The symptom with this id, if any.
  public func symptom(_ id: String) -> Symptom? {
    symptoms.first { $0.id == id }
  }

  /// The fact with this name, if any.
  public func fact(named name: String) -> FactDeclaration? {
    factIndex[name].map { facts[$0] }
  }
}
