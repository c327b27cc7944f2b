import TriageCEL

/// A CEL expression of a runbook, compiled once at load time.
public struct Expression: Sendable {
  /// The text as written.
  public var source: String
  /// The compiled program; evaluation never re-parses.
  public var program: CELProgram
  /// Where the text starts in its runbook.
  public var location: SourceLocation

  /// Creates an expression from a compiled program.
  public init(source: String, program: CELProgram, location: SourceLocation) {
    self.source = source
    self.program = program
    self.location = location
  }

  /// The fact ids the expression reads (sorted).
  public var factIDs: [Int] { program.variableIDs }
}
