import TriageCEL

/// Compiles runbook expressions, turning CEL errors into located diagnostics.
struct ExpressionCompiler {
  private(set) var environment: CELEnvironment
  private(set) var diagnostics: [Diagnostic] = []
  /// The environments of `yields`, by probe kind: `result` declared with the kind's fields.
  private var yieldEnvironments: [String: CELEnvironment] = [:]

  init(environment: CELEnvironment) {
    self.environment = environment
  }

  /// Compiles a condition or a value; `expecting` a non-dyn type reports a result of another type.
  mutating func compile(_ text: ExpressionText, expecting expected: CELType = .dyn) -> Expression? {
    // Compiled before `check` mutates self, so the environment is borrowed, not copied (a copy
    // takes reference counts that every core compiling rules shares).
    let compiled = Self.program(text, in: environment)
    return check(compiled, text: text, expecting: expected)
  }

  /// The problems found so far, which the compiler then forgets.
  mutating func takeDiagnostics() -> [Diagnostic] {
    defer { diagnostics = [] }
    return diagnostics
  }

  /// Compiles a probe's `yields` expression, where `result` is the result of a probe of `kind`;
  /// with `resultFields`, reading a field the kind's result does not have is an error.
  mutating func compileYield(
    _ text: ExpressionText, type: FactType, kind: String, resultFields: [String: CELType]?
  ) -> Expression? {
    let extended: CELEnvironment
    if let cached = yieldEnvironments[kind] {
      extended = cached
    } else {
      var declared = environment
      declared.declare("result", type: .dyn, id: Catalog.resultVariableID, fields: resultFields)
      yieldEnvironments[kind] = declared
      extended = declared
    }
    return check(Self.program(text, in: extended), text: text, expecting: type.celType)
  }

  private static func program(_ text: ExpressionText, in environment: borrowing CELEnvironment) -> Result<
    CELProgram, CELCompileError
  > {
    do {
      return .success(try CELProgram.compile(text.value, in: environment))
    } catch {
      return .failure(error)
    }
  }

  private mutating func check(
    _ compiled: Result<CELProgram, CELCompileError>, text: ExpressionText, expecting expected: CELType
  ) -> Expression? {
    do {
      let program = try compiled.get()
      spendRegexBudget(program.regexInstructions)
      if expected != .dyn, program.resultType != .dyn, !Self.compatible(program.resultType, expected) {
        diagnostics.append(
          Diagnostic(
            .error, "expression has type \(program.resultType), expected \(expected)", at: text.location))
        return nil
      }
      return Expression(source: text.value, program: program, location: text.location)
    } catch {
      let location = Self.location(of: error.position, in: text)
      diagnostics.append(Diagnostic(.error, error.message, at: location))
      return nil
    }
  }

  /// Lowers the regex budget of the following compilations by what a program used.
  private mutating func spendRegexBudget(_ instructions: Int) {
    guard instructions > 0 else { return }
    environment.limits.regexInstructionBudget = max(0, environment.limits.regexInstructionBudget - instructions)
    for kind in yieldEnvironments.keys {
      yieldEnvironments[kind]?.limits.regexInstructionBudget = environment.limits.regexInstructionBudget
    }
  }

  private static func compatible(_ actual: CELType, _ expected: CELType) -> Bool {
    switch (actual, expected) {
    case (.int, .double): true
    case (.list, .list), (.map, .map): true
    default: actual == expected
    }
  }

  /// Maps a position inside an expression to the runbook file.
  static func location(of position: CELSourcePosition, in text: ExpressionText) -> SourceLocation {
    if let positions = text.positions, !positions.isEmpty {
      return positions[min(max(position.offset - 1, 0), positions.count - 1)]
    }
    var location = text.location
    if position.line <= 1 {
      location.column += max(position.column, 1) - 1
    } else {
      location.line += position.line - 1
      location.column += max(position.column, 1) - 1
    }
    return location
  }
}
