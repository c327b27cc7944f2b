import TriageCEL

/// A compiled rule: when its condition is true it derives facts or concludes a cause.
///
/// A reference type: catalogs hold, order and index many thousands of rules, and sharing one
/// immutable instance costs a single reference count where a copied value costs one per field.
public final class Rule: Sendable {
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

    /// Evaluates the value (in place, as ``Rule/evaluateCondition(_:)`` does).
    func evaluate(_ activation: some CELActivation) -> CELOutcome {
      expression.program.evaluate(activation)
    }
  }

  /// The rule id (stable, used to override or disable it).
  public let id: String
  /// The condition.
  public let when: Expression
  /// The effect.
  public let action: Action
  /// The human explanation.
  public let because: String?
  /// Where the rule is defined.
  public let location: SourceLocation

  /// Creates a rule.
  public init(id: String, when: Expression, action: Action, because: String?, location: SourceLocation) {
    self.id = id
    self.when = when
    self.action = action
    self.because = because
    self.location = location
  }

  /// Evaluates the condition. A method of the rule so that the program is read in place: taken
  /// out of the rule to be evaluated, it would be copied (a reference count per field) for every
  /// rule of every run.
  func evaluateCondition(_ activation: some CELActivation) -> CELOutcome {
    when.program.evaluate(activation)
  }
}
