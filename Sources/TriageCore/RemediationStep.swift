/// One step of a fix: what to do, and the exact commands an operator may run.
///
/// `triage` shows the commands; it never runs them.
public struct RemediationStep: Sendable, Hashable {
  /// What to do, in a sentence.
  public var text: String
  /// The exact commands, one per entry.
  public var commands: [String]

  /// Creates a step.
  public init(text: String, commands: [String]) {
    self.text = text
    self.commands = commands
  }
}
