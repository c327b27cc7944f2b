/// A checklist item that every audit answers pass, fail or unknown.
public struct ChecklistItem: Sendable {
  /// The stable id.
  public var id: String
  /// The symptom it belongs to.
  public var symptom: String
  /// The question the item answers ("Is the application process running?").
  public var text: String
  /// True means pass, false means fail, unknown means unknown; facts that do not apply here make
  /// the item not applicable.
  public var pass: Expression
  /// Whether the verdict depends on it: an essential item that fails makes a diagnosis whose
  /// symptom is absent `at-risk`, one that is unknown makes it `undetermined`.
  public var essential: Bool
  /// Where the item is defined.
  public var location: SourceLocation
}
