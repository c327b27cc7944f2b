/// A compiled step of a cause's fix, with the condition under which a report shows it.
public struct ConditionalRemediation: Sendable {
  /// The step, `${fact}` placeholders as written.
  public var step: RemediationStep
  /// Shown unless this is false or does not apply (unknown keeps the step: it may well apply).
  public var when: Expression?

  /// Creates a step.
  public init(step: RemediationStep, when: Expression?) {
    self.step = step
    self.when = when
  }
}
