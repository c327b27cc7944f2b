/// A cause of a symptom, with its fix and its place in the chain of explanations.
public struct Cause: Sendable {
  /// The stable, public id.
  public var id: String
  /// One line for people.
  public var title: String
  /// What happens and why it produces the symptom.
  public var summary: String?
  /// The causes this one explains (their indexes in ``Catalog/causes``), root above mechanism.
  public var explainsCauses: [Int]
  /// The symptoms this one explains.
  public var explainsSymptoms: [String]
  /// How to fix it: the steps technology files add first, then the cause's own, each shown when
  /// its condition allows.
  public var remediation: [ConditionalRemediation]
  /// How to keep it from happening again.
  public var prevention: [String]
  /// Further reading.
  public var references: [String]
  /// Where the cause is defined.
  public var location: SourceLocation
}
