/// A compiled step of a cause's fix, with the condition under which a report shows it.
public struct ConditionalRemediation: Sendable {
  /// The step, `${fact}` placeholders as written.
  public var step: RemediationStep
  /// Shown unless this is false or does not apply (unknown keeps the step: it may well apply).
  public var when: Expression?
  /// Where the step is written.
  public var location: SourceLocation

  /// Creates a step.
  public init(step: RemediationStep, when: Expression?, location: SourceLocation) {
    self.step = step
    self.when = when
    self.location = location
  }
}
