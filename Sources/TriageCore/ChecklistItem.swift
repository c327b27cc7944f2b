/// A checklist item that every audit answers pass, fail or unknown.
public struct ChecklistItem: Sendable {
  /// The stable id.
  public var id: String
  /// The symptom it belongs to.
  public var symptom: String
  /// The question the item answers ("Is the application process running?").
  public var text: String
  /// True means pass, false means fail, unknown means unknown.
  public var pass: Expression
  /// Where the item is defined.
  public var location: SourceLocation
}
