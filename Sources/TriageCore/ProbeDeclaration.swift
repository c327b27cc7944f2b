import TriageCEL

/// A declared probe: a read-only check of a kind, its parameters, deadline and the facts it yields.
public struct ProbeDeclaration: Sendable {
  /// The probe id.
  public var id: String
  /// The kind (`http`, `tcp`, `command` …).
  public var kind: String
  /// What the probe checks.
  public var description: String?
  /// Parameters as written; strings may hold `${fact.name}` placeholders.
  public var parameters: [String: CELValue]
  /// The probe's own deadline.
  public var timeout: Duration
  /// Applicability: the probe runs only when this is true.
  public var when: Expression?
  /// The facts it yields, each an expression over `result`.
  public var yields: [Yield]
  /// Where the probe is declared.
  public var location: SourceLocation

  /// One yielded fact.
  public struct Yield: Sendable {
    /// The fact id.
    public var factID: Int
    /// The expression over the probe's `result`.
    public var expression: Expression
  }
}
