/// Resource limits applied when compiling and evaluating expressions.
public struct CELLimits: Sendable, Hashable {
  /// The longest accepted expression, in Unicode scalars.
  public var maxExpressionLength: Int = 100_000
  /// The deepest accepted nesting of the parsed expression tree.
  public var maxNestingDepth: Int = 250
  /// The most evaluation steps (expression nodes visited) per evaluation.
  public var maxEvaluationSteps: Int = 1_000_000
  /// The most comprehension (macro) iterations per evaluation, across all comprehensions.
  public var maxComprehensionIterations: Int = 100_000
  /// The most elements in a list or map produced during evaluation.
  public var maxCollectionSize: Int = 1 << 20
  /// The most UTF-8 bytes in a string (or bytes in a `bytes` value) produced during evaluation.
  public var maxStringSize: Int = 16 << 20
  /// The most memory one evaluation may build, in bytes, over all the lists, maps and strings it
  /// makes (estimated: 24 bytes a list element, 48 a map entry, 1 a string byte), those built by
  /// macros included: each value above stays within its own limit, this bounds them together.
  public var maxEvaluationMemory: Int = 64 << 20
  /// The longest string (in UTF-8 bytes) that `matches` runs a regular expression on.
  public var maxRegexInputLength: Int = 64 << 10
  /// The longest regular expression pattern accepted, in Unicode scalars.
  public var maxRegexPatternLength: Int = 4096
  /// Compiled regex instructions one compilation may still spend; a catalog lowers it as its
  /// patterns use it up, so no set of runbooks can make loading unboundedly slow.
  public var regexInstructionBudget: Int = 1_000_000

  /// Creates the default limits.
  public init() {}
}
