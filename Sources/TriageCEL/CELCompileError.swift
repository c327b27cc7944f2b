/// A location inside an expression's source text.
///
/// All fields are 1-based and count Unicode scalars.
public struct CELSourcePosition: Sendable, Hashable, CustomStringConvertible {
  /// The 1-based Unicode scalar offset from the start of the expression.
  public var offset: Int
  /// The 1-based line.
  public var line: Int
  /// The 1-based column within the line, in Unicode scalars.
  public var column: Int

  /// Creates a position.
  public init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// The position as `line:column`.
  public var description: String { "\(line):\(column)" }
}

/// An error found while parsing or type-checking an expression.
public struct CELCompileError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What is wrong, such as `undeclared reference to 'foo'`.
  public var message: String
  /// Where in the expression the problem is.
  public var position: CELSourcePosition

  /// Creates a compile error.
  public init(message: String, position: CELSourcePosition) {
    self.message = message
    self.position = position
  }

  /// The message prefixed with `line:column`.
  public var description: String { "\(position.line):\(position.column): \(message)" }
}
