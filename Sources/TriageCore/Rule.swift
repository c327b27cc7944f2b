/// A compiled rule: when its condition is true it derives facts or concludes a cause.
public struct Rule: Sendable {
  /// What a rule does when it fires.
  public enum Action: Sendable {
    /// Sets each fact to the value of its expression.
    case derive([Derivation])
    /// Adds evidence for (certainty > 0) or against (< 0) a cause.
    case conclude(causeIndex: Int, certainty: Double)
  }

  /// One fact a rule derives.
  public struct Derivation: Sendable {
    /// The derived fact.
    public var factID: Int
    /// Its value.
    public var expression: Expression
  }

  /// The rule id (stable, used to override or disable it).
  public var id: String
  /// The condition.
  public var when: Expression
  /// The effect.
  public var action: Action
  /// The human explanation.
  public var because: String?
  /// Where the rule is defined.
  public var location: SourceLocation
}
