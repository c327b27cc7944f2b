import TriageCEL

/// A CEL expression of a runbook, compiled once at load time.
///
/// Immutable and shared: a copy is one reference, and every evaluation of a rule reads one.
public final class Expression: Sendable {
  /// The text as written.
  public let source: String
  /// The compiled program; evaluation never re-parses.
  public let program: CELProgram
  /// Where the text starts in its runbook.
  public let location: SourceLocation

  /// Creates an expression from a compiled program.
  public init(source: String, program: CELProgram, location: SourceLocation) {
    self.source = source
    self.program = program
    self.location = location
  }

  /// The fact ids the expression reads (sorted).
  public var factIDs: [Int] { program.variableIDs }
}
