import TriageCEL

/// How to ask a person for a fact no probe established (guided mode only).
public struct Question: Sendable {
  /// The fact the answer sets.
  public var factID: Int
  /// The question as asked.
  public var text: String
  /// Why it matters or how to find out.
  public var help: String?
  /// The answer's type.
  public var type: FactType
  /// The allowed answers, if restricted.
  public var choices: [CELValue]
  /// The relative effort of answering (default 1).
  public var cost: Double
  /// Where the question is declared.
  public var location: SourceLocation
}
