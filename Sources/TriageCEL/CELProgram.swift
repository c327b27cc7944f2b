/// A compiled CEL expression, ready to evaluate any number of times.
public struct CELProgram: Sendable {
  /// The expression text.
  public var source: String
  /// The sorted ids of every declared variable the expression reads.
  public var variableIDs: [Int]
  /// The checker's deduced result type (`.dyn` when unknown or unchecked).
  public var resultType: CELType
  /// Instructions of the constant regular expressions compiled into the program.
  public var regexInstructions: Int = 0

  let root: CELNode
  let limits: CELLimits
  let slotCount: Int
  /// Names of the variables read, in the order of `variableIDs` (for `evaluate(_:)` with named bindings).
  let variableNames: [String]

  /// Parses and (unless `checkTypes` is false) type-checks an expression once.
  ///
  /// Evaluation never re-parses. Identifiers resolve against `environment` in both modes; an
  /// undeclared identifier is a compile error when checking and an evaluation error otherwise.
  public static func compile(
    _ source: String, in environment: CELEnvironment, checkTypes: Bool = true
  ) throws(CELCompileError) -> CELProgram {
    let scalars = unicodeScalars(of: source)
    let limits = environment.limits
    if scalars.count > limits.maxExpressionLength {
      throw CELCompileError(
        message: "expression is longer than the limit of \(limits.maxExpressionLength) characters",
        position: position(of: 0, in: scalars))
    }
    let expr: CELExpr
    do {
      expr = try CELParser.parse(scalars, maxDepth: limits.maxNestingDepth)
    } catch {
      throw CELCompileError(message: error.message, position: position(of: error.offset, in: scalars))
    }
    var checker = CELChecker(environment: environment, checkTypes: checkTypes)
    let typed: CELChecker.Typed
    do {
      typed = try checker.check(expr)
    } catch {
      throw CELCompileError(message: error.message, position: position(of: error.offset, in: scalars))
    }
    let (ids, names) = checker.takeReadVariables()
    var program = CELProgram(
      source: source, variableIDs: ids, resultType: checkTypes ? typed.type : .dyn,
      root: typed.node, limits: limits, slotCount: checker.slotCount, variableNames: names)
    program.regexInstructions = checker.regexInstructions
    return program
  }

  /// The Unicode scalars of `source`, read straight from its bytes when they are all ASCII.
  private static func unicodeScalars(of source: String) -> [Unicode.Scalar] {
    var source = source
    return source.withUTF8 { bytes in
      guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
      return [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { scalars, count in
        for index in bytes.indices { scalars[index] = Unicode.Scalar(bytes[index]) }
        count = bytes.count
      }
    } ?? Array(source.unicodeScalars)
  }

  /// The 1-based line/column position of a 0-based scalar offset.
  static func position(of offset: Int, in scalars: [Unicode.Scalar]) -> CELSourcePosition {
    var line = 1
    var column = 1
    for scalar in scalars.prefix(offset) {
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return CELSourcePosition(offset: offset + 1, line: line, column: column)
  }

  /// Evaluates the expression against variable bindings.
  public func evaluate<A: CELActivation>(_ activation: A) -> CELOutcome {
    var evaluator = CELEvaluator(limits: limits, slotCount: slotCount)
    return evaluator.evaluate(root, activation)
  }

  /// Evaluates the expression with variables bound by name; declared variables without a value
  /// are unknown.
  public func evaluate(_ values: [String: CELValue]) -> CELOutcome {
    var bindings: [Int: CELBinding] = [:]
    for (id, name) in zip(variableIDs, variableNames) {
      if let value = values[name] { bindings[id] = .value(value) }
    }
    return evaluate(CELDictionaryActivation(bindings))
  }
}
