/// One step of a fix as a runbook writes it: the step and its commands, when it applies, and — for a
/// step a technology file adds at its top level (`remediation:`) — the cause it belongs to.
public struct RemediationSpec: Sendable {
  /// The text and commands, `${fact}` placeholders as written.
  public var step: RemediationStep
  /// The condition under which the step is shown: false or not applicable drops it; true or
  /// unknown keeps it. Nil: always.
  public var when: ExpressionText?
  /// The cause a top-level step is added to; nil for a step written inside its cause.
  public var cause: Located<String>?
  /// Where the step is written.
  public var location: SourceLocation

  /// Creates a step.
  public init(
    step: RemediationStep, when: ExpressionText? = nil, cause: Located<String>? = nil, location: SourceLocation
  ) {
    self.step = step
    self.when = when
    self.cause = cause
    self.location = location
  }
}
