import TriageCEL

/// An entry point of diagnosis (`http-503`), with its typed inputs.
public struct Symptom: Sendable {
  /// The stable, public id.
  public var id: String
  /// One line for people.
  public var title: String
  /// A paragraph for people.
  public var summary: String?
  /// The inputs, available to expressions as `input.NAME`.
  public var inputs: [Input]
  /// When present and false, the symptom is absent (see ``reachable``).
  public var detect: Expression?
  /// When present and false, the symptom's target could not be reached at all (refused, no such
  /// host, no answer): the verdict is `unreachable`, not "absent". Unknown: triage could not look.
  public var reachable: Expression?
  /// The certainty from which a cause counts as concluded.
  public var minCertainty: Double
  /// Where the symptom is defined.
  public var location: SourceLocation

  /// A typed input of a symptom.
  public struct Input: Sendable {
    /// The input name (`app_port`); the fact is `input.app_port`.
    public var name: String
    /// The fact id of `input.NAME`.
    public var factID: Int
    /// The declared type.
    public var type: FactType
    /// The default value, if any.
    public var defaultValue: CELValue?
    /// What the input means.
    public var description: String?
    /// Whether the value is a secret (a DSN with a password, a token).
    public var secret: Bool
    /// Where the input is declared.
    public var location: SourceLocation
  }
}
