import Testing
import TriageCEL

/// Focused tests of triage-specific semantics: unknowns, error absorption, dotted variables,
/// limits and `has()` on declared variables.
@Suite struct CELSemantics {
  /// An environment with a few typed variables; ids are 1...n.
  static func environment() -> CELEnvironment {
    var environment = CELEnvironment()
    environment.declare("x", type: .int, id: 1)
    environment.declare("u", type: .int, id: 2)
    environment.declare("v", type: .bool, id: 3)
    environment.declare("app", type: .map(.string, .dyn), id: 4)
    environment.declare("app.listening", type: .bool, id: 5)
    environment.declare("app.config", type: .map(.string, .int), id: 6)
    environment.declare("list", type: .list(.int), id: 7)
    environment.declare("name", type: .string, id: 8)
    return environment
  }

  static let bindings = CELDictionaryActivation([
    1: .value(.int(10)),
    2: .unknown,
    3: .unknown,
    4: .value(.map(CELMap([(.string("listening"), .bool(false)), (.string("port"), .int(80))]))),
    5: .value(.bool(true)),
    6: .value(.map(CELMap([(.string("port"), .int(8080))]))),
    7: .value(.list((0..<1000).map { .int(Int64($0)) })),
    8: .value(.string("Ame\u{0301}lie")),
  ])

  static func eval(
    _ source: String, _ environment: CELEnvironment = environment(), checkTypes: Bool = true
  ) throws -> CELOutcome {
    try CELProgram.compile(source, in: environment, checkTypes: checkTypes).evaluate(bindings)
  }

  static func isError(_ outcome: CELOutcome) -> Bool {
    if case .error = outcome { return true }
    return false
  }

  static func compileError(_ source: String, _ environment: CELEnvironment = environment())
    -> CELCompileError?
  {
    do {
      _ = try CELProgram.compile(source, in: environment)
      return nil
    } catch {
      return error
    }
  }

  // MARK: - Unknowns

  /// Environments are values: declaring in a copy (a probe's `yields` adds `result`) leaves the
  /// original as it was, though copies share their declarations until then.
  @Test func declaringInACopyLeavesTheOriginalAlone() throws {
    var original = CELEnvironment()
    original.declare(variables: ["f": 0], types: [.int])
    var copy = original
    copy.declare("result", type: .dyn, id: 9)
    copy.declare(variables: ["g": 0], types: [.string])
    #expect(copy.variable(named: "result")?.id == 9)
    #expect(copy.variable(named: "g")?.type == .string)
    #expect(original.variable(named: "result") == nil)
    #expect(original.variable(named: "f")?.type == .int)
    #expect(original.variable(named: "g") == nil)
    #expect(Self.compileError("result == 1", original) != nil)
    #expect(Self.compileError("result == 1", copy) == nil)
  }

  @Test func unknownVariablePropagates() throws {
    #expect(try Self.eval("u") == .unknown([2]))
    #expect(try Self.eval("u + 1 > x") == .unknown([2]))
    #expect(try Self.eval("size([u, x])") == .unknown([2]))
    #expect(try Self.eval("[1, 2].map(i, i + u)") == .unknown([2]))
    #expect(try Self.eval("u in list") == .unknown([2]))
  }

  @Test func unknownsMergeSortedAndTakePrecedenceOverErrors() throws {
    #expect(try Self.eval("v || u > 1") == .unknown([2, 3]))
    #expect(try Self.eval("u + x / 0") == .unknown([2]))
    #expect(try Self.eval("x / 0 + u") == .unknown([2]))
    #expect(try Self.eval("(x / 0 > 1) && v") == .unknown([3]))
    #expect(try Self.eval("v ? 1 : x / 0") == .unknown([3]))
  }

  @Test func logicalOperatorsAbsorbUnknowns() throws {
    #expect(try Self.eval("false && v") == .value(.bool(false)))
    #expect(try Self.eval("v && false") == .value(.bool(false)))
    #expect(try Self.eval("true || v") == .value(.bool(true)))
    #expect(try Self.eval("v || true") == .value(.bool(true)))
    #expect(try Self.eval("true && v") == .unknown([3]))
    #expect(try Self.eval("false || v") == .unknown([3]))
    #expect(try Self.eval("[1, 2].exists(i, i == 2 || v)") == .value(.bool(true)))
    #expect(try Self.eval("[1, 2].all(i, i == 3 && v)") == .value(.bool(false)))
  }

  @Test func variableIDsListEveryReadVariable() throws {
    let program = try CELProgram.compile(
      "x > 1 && (app.listening || name in ['a']) && has(app.config.port)", in: Self.environment())
    #expect(program.variableIDs == [1, 5, 6, 8])
    #expect(program.resultType == .bool)
  }

  // MARK: - Errors

  @Test func logicalOperatorsAbsorbErrorsCommutatively() throws {
    #expect(try Self.eval("false && 1 / 0 == 1") == .value(.bool(false)))
    #expect(try Self.eval("1 / 0 == 1 && false") == .value(.bool(false)))
    #expect(try Self.eval("true || 1 / 0 == 1") == .value(.bool(true)))
    #expect(try Self.eval("1 / 0 == 1 || true") == .value(.bool(true)))
    #expect(Self.isError(try Self.eval("true && 1 / 0 == 1")))
    #expect(Self.isError(try Self.eval("1 / 0 == 1 ? 1 : 2")))
  }

  @Test func integerArithmeticNeverTraps() throws {
    for source in [
      "-9223372036854775808 / -1", "-9223372036854775808 % -1", "x / 0", "x % 0",
      "9223372036854775807 + x", "-9223372036854775808 - x", "9223372036854775807 * x",
      "-(-9223372036854775808)", "int(1e19)", "int(-1e19)", "uint(-1)", "18446744073709551615u + 1u",
      "0u - 1u", "[1, 2][2]", "[1, 2][-1]", "{'a': 1}['b']", "app.missing",
    ] {
      #expect(Self.isError(try Self.eval(source, checkTypes: false)), "\(source)")
    }
    #expect(try Self.eval("7 % -1") == .value(.int(0)))
  }

  @Test func stringsCompareByCodePoints() throws {
    #expect(try Self.eval("name == 'Am\\u00e9lie'") == .value(.bool(false)))
    #expect(try Self.eval("size(name)") == .value(.int(7)))
    #expect(try Self.eval("'\\u00e9' in {'e\\u0301': 1}") == .value(.bool(false)))
    #expect(CELValue.string("\u{e9}") != CELValue.string("e\u{301}"))
  }

  // MARK: - Resolution

  @Test func dottedVariablesPreferTheLongestDeclaredName() throws {
    // `app.listening` is its own variable (true), not `app`'s field (false).
    #expect(try Self.eval("app.listening") == .value(.bool(true)))
    #expect(try Self.eval("app.port") == .value(.int(80)))
    #expect(try Self.eval("app.config.port") == .value(.int(8080)))
    #expect(try Self.eval(".app.listening") == .value(.bool(true)))
    // A comprehension variable shadows the declared qualified name.
    #expect(try Self.eval("[{'listening': 7}].all(app, app.listening == 7)") == .value(.bool(true)))
  }

  /// Variables declared from a caller's table (as a catalog declares its facts) resolve with
  /// their types and ids, qualified names included; one declared on its own takes precedence;
  /// suggestions and later ids see both.
  @Test func variablesDeclaredFromATable() throws {
    var environment = CELEnvironment()
    environment.declare(variables: ["db.active": 0, "db.max": 1, "app.name": 2], types: [.int, .int, .string])
    environment.declare("result", type: .dyn, id: 7)
    environment.declare("app.name", type: .bool, id: 9)
    let program = try CELProgram.compile("db.active * 2 > db.max && app.name", in: environment)
    #expect(program.variableIDs == [0, 1, 9])
    #expect(program.resultType == .bool)
    #expect(throws: CELCompileError.self) { try CELProgram.compile("db.active + 'x'", in: environment) }
    #expect(environment.variable(named: "db.max")?.type == .int)
    #expect(environment.declaredVariables.map(\.name) == ["app.name", "db.active", "db.max", "result"])
    #expect(Self.compileError("db.actve > 1", environment)?.message.contains("did you mean 'db.active'") == true)
    let activation = environment.declare(values: ["extra": .int(3)])
    #expect(environment.variable(named: "extra")?.id == 10)
    #expect(try CELProgram.compile("extra + db.active", in: environment).evaluate(activation) == .unknown([0]))
  }

  @Test func undeclaredReferences() throws {
    let error = try #require(Self.compileError("x +\n  nope.field"))
    #expect(error.message == "undeclared reference to 'nope.field'")
    #expect(error.position.line == 2)
    #expect(error.position.column == 3)
    #expect(Self.isError(try Self.eval("nope", checkTypes: false)))
    #expect(try Self.eval("nope || true", checkTypes: false) == .value(.bool(true)))
    #expect(Self.compileError("undefined_fn(1)")?.message == "undeclared reference to 'undefined_fn'")
  }

  @Test func checkerRejectsOnlyCertainErrors() throws {
    #expect(
      Self.compileError("1 + 'a'")?.message
        == "cannot apply '+' to int `1` and string `\"a\"`; convert one side, e.g. string(x) or int(x)")
    #expect(Self.compileError("!5") != nil)
    #expect(Self.compileError("size(true)") != nil)
    #expect(Self.compileError("'a'.startsWith()") != nil)
    #expect(Self.compileError("x)")?.message == "unexpected token ')'")
    #expect(Self.compileError("name.matches('(')") != nil)
    #expect(Self.compileError("app.anything + 1 > x") == nil)
    #expect(Self.compileError("[1, 'a'].exists(e, e == 'a')") == nil)
    #expect(Self.compileError("x == 1.5 || x < 2u") == nil)
  }

  @Test func literalsAndReservedWords() throws {
    var environment = Self.environment()
    environment.declare("true", type: .bool, id: 99)
    #expect(try Self.eval("true", environment) == .value(.bool(true)))
    #expect(try Self.eval("{'if': 1}.if + {'as': 2}.as") == .value(.int(3)))
    #expect(Self.compileError("if") != nil)
  }

  // MARK: - has()

  @Test func hasOnDeclaredVariables() throws {
    var environment = Self.environment()
    environment.declare("svc.up", type: .bool, id: 20)
    environment.declare("svc.down", type: .bool, id: 21)
    let activation = CELDictionaryActivation([20: .value(.bool(false)), 21: .unknown])
    func eval(_ source: String) throws -> CELOutcome {
      try CELProgram.compile(source, in: environment).evaluate(activation)
    }
    #expect(try eval("has(svc.up)") == .value(.bool(true)))
    #expect(try eval("has(svc.down)") == .value(.bool(false)))
    #expect(try eval("has(svc.down) && svc.down") == .value(.bool(false)))
    #expect(try CELProgram.compile("has(svc.up)", in: environment).variableIDs == [20])
    // `app` is a map variable and `app.port` is not declared: an ordinary field test.
    #expect(try Self.eval("has(app.port) && !has(app.nothing)") == .value(.bool(true)))
    #expect(try Self.eval("has(app.config.port)") == .value(.bool(true)))
  }

  // MARK: - Limits

  @Test func deepNestingIsAnErrorNotACrash() throws {
    for depth in [300, 5_000, 50_000] {
      let parens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
      let lists = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
      let chain = "1" + String(repeating: " + 1", count: depth)
      let selects = "app" + String(repeating: ".a", count: depth)
      let ternary = String(repeating: "true ? 1 : ", count: depth) + "0"
      for source in [parens, lists, chain, selects, ternary] {
        let error = try #require(Self.compileError(source), "depth \(depth)")
        let expected = source.count > 100_000 ? "longer" : "nesting"
        #expect(error.message.contains(expected), "\(error.message)")
      }
    }
    // Nesting up to the default limit still works, for every recursive construct.
    let limit = CELEnvironment().limits.maxNestingDepth
    let shapes: [(String, String, String)] = [
      ("(", "1", ")"), ("[", "1", "]"), ("-(", "1", ")"), ("!(", "true", ")"), ("size([", "", "])"),
      ("{1: ", "1", "}"), ("[1].map(a, ", "a", ")"), ("true ? ", "1", " : 2"), ("1 + (", "1", ")"),
    ]
    for (open, middle, close) in shapes {
      for count in [limit / 2 - 2, limit / 3 - 2] {
        let source =
          String(repeating: open, count: count) + middle + String(repeating: close, count: count)
        _ = try? Self.eval(source)
      }
    }
    let ok = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
    #expect(try Self.eval(ok) == .value(.int(1)))
    let chain = "x" + String(repeating: " + 1", count: 200)
    #expect(try Self.eval(chain) == .value(.int(210)))
    let ands = (0..<5_000).map { _ in "x > 1" }.joined(separator: " && ")
    #expect(try Self.eval(ands) == .value(.bool(true)))
  }

  @Test func expressionLengthLimit() {
    var environment = Self.environment()
    environment.limits.maxExpressionLength = 10
    #expect(Self.compileError("1 + 2 + 3 + 4", environment)?.message.contains("longer") == true)
  }

  @Test func hugeComprehensionsHitTheIterationCap() throws {
    let outcome = try Self.eval("list.map(a, list.map(b, a * b)).size() > 0")
    let error = try #require(outcome.error)
    #expect(error.message.contains("iterations"))
    // An error from a limit is not absorbed by || or &&.
    #expect(try Self.eval("list.all(a, list.all(b, b >= 0)) || true").error != nil)
  }

  @Test func stepBudget() throws {
    var environment = Self.environment()
    environment.limits.maxEvaluationSteps = 500
    let outcome = try Self.eval("list.exists(i, i == 999)", environment)
    #expect(outcome.error?.message.contains("steps") == true)
    environment.limits.maxEvaluationSteps = 100_000
    #expect(try Self.eval("list.exists(i, i == 999)", environment) == .value(.bool(true)))
  }

  @Test func growthCaps() throws {
    var environment = Self.environment()
    environment.limits.maxStringSize = 1_000
    environment.limits.maxCollectionSize = 1_500
    #expect(try Self.eval("list.map(i, 'aa').size()", environment) == .value(.int(1000)))
    #expect(try Self.eval("list + list", environment).error != nil)
    let concat =
      "list.filter(i, i < 100).map(i, 'abcdefghijk').exists(s, s + s + s + s + s + s"
      + " + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s"
      + " + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s"
      + " + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s"
      + " + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s"
      + " + s + s + s == '')"
    #expect(try Self.eval(concat, environment).error?.message.contains("size limit") == true)
  }

  /// Each value within its own limit, but together past the evaluation's memory budget: macros
  /// that build a string or a list per iteration are counted, and the evaluation fails.
  @Test func memoryBudget() throws {
    var environment = Self.environment()
    environment.limits.maxEvaluationMemory = 100_000
    #expect(try Self.eval("list.map(i, 'abcdefghij').size()", environment) == .value(.int(1000)))
    let growing = "list.map(i, string(i) + '\(String(repeating: "x", count: 100))').size()"
    #expect(try Self.eval(growing, environment).error?.message.contains("memory budget") == true)
    #expect(try Self.eval("list.map(i, [i, i, i, i]).size()", environment).error?.message.contains("memory") == true)
    environment.limits.maxEvaluationMemory = 64 << 20
    #expect(try Self.eval(growing, environment) == .value(.int(1000)))
  }

  @Test func regexIsLinearTime() throws {
    let long = String(repeating: "a", count: 30_000)
    var environment = Self.environment()
    environment.declare("text", type: .string, id: 30)
    let activation = CELDictionaryActivation([30: .value(.string(long))])
    let program = try CELProgram.compile("text.matches('(a*)*b') || text.matches('^(a|aa)+$')", in: environment)
    #expect(program.evaluate(activation) == .value(.bool(true)))
    let cases: [(String, String, Bool)] = [
      ("abc", "^[a-c]+$", true), ("ABC", "(?i)abc", true), ("x1", "\\d", true), ("x", "\\d", false),
      ("a.b", "a\\.b", true), ("axb", "a\\.b", false), ("foo bar", "\\bbar\\b", true),
      ("line1\nline2", "(?m)^line2$", true), ("line1\nline2", "^line2$", false),
      ("héllo", "^h\\pLllo$", true), ("aaa", "^a{2,3}$", true), ("aaaa", "^a{2,3}$", false),
      ("grey", "gr(?:a|e)y", true), ("g", "(?P<name>g)", true), ("[x]", "[\\[\\]]x", true),
      ("tab\there", "[[:space:]]", true), ("", "^$", true), ("ab", "a|", true),
    ]
    for (text, pattern, expected) in cases {
      let source = "\(CELValue.string(text)).matches(\(CELValue.string(pattern)))"
      #expect(try Self.eval(source) == .value(.bool(expected)), "\(source)")
    }
    for bad in ["(", "a**", "x{2,1}", "\\1", "[z-a]", "\\p{Nope}"] {
      #expect(Self.compileError("'a'.matches(\(CELValue.string(bad)))") != nil, "\(bad)")
    }
  }

  // MARK: - Values

  @Test func descriptionsAreCELLiterals() throws {
    let value = try #require(
      try Self.eval(
        "[1, 2.0, 'a\"b', null, true, {'k': [duration('1.5s')]}, timestamp('2020-01-02T03:04:05Z')]"
      ).value)
    #expect(
      value.description
        == "[1, 2.0, \"a\\\"b\", null, true, {\"k\": [duration(\"1.5s\")]}, timestamp(\"2020-01-02T03:04:05Z\")]"
    )
    #expect(value.typeName == "list")
    #expect(CELValue.duration(CELDuration(totalNanoseconds: 1)).typeName == "google.protobuf.Duration")
  }

  @Test func mapsLookUpByCELEquality() {
    let map = CELMap([(.int(1), .string("one")), (.string("k"), .bool(true))])
    #expect(map[.uint(1)] == .string("one"))
    #expect(map[.double(1.0)] == .string("one"))
    #expect(map[.string("k")] == .bool(true))
    #expect(map.count == 2)
    #expect(CELValue.map(map) == .map(CELMap([(.string("k"), .bool(true)), (.int(1), .string("one"))])))
  }

  @Test func namedBindingsConvenience() throws {
    var environment = CELEnvironment()
    let activation = environment.declare(values: ["a": .int(2), "b.c": .string("x")])
    let program = try CELProgram.compile("a * 2 == 4 && b.c == 'x'", in: environment)
    #expect(program.evaluate(activation) == .value(.bool(true)))
    #expect(program.evaluate(["a": .int(2), "b.c": .string("x")]) == .value(.bool(true)))
    #expect(program.evaluate(["a": .int(2)]) == .unknown([1]))
  }

  @Test func extensionFunctions() throws {
    var environment = Self.environment()
    environment.register(
      CELFunction(name: "double_it", parameterTypes: [.int], resultType: .int) { args in
        guard case .int(let value) = args[0] else { return .error(CELError("bad argument")) }
        return .value(.int(value * 2))
      })
    environment.register(
      CELFunction(name: "shout", style: .receiver, parameterTypes: [.string], resultType: .string) {
        args in
        guard case .string(let text) = args[0] else { return .error(CELError("bad argument")) }
        return .value(.string(text.uppercased()))
      })
    #expect(try Self.eval("double_it(x) == 20 && 'hi'.shout() == 'HI'", environment) == .value(.bool(true)))
    #expect(try Self.eval("double_it(u)", environment) == .unknown([2]))
    #expect(Self.compileError("double_it('a')", environment) != nil)
    let program = try CELProgram.compile("double_it(x)", in: environment)
    #expect(program.resultType == .int)
  }

  @Test func typeParsingAndLiterals() {
    #expect(CELType(parsing: "map(string, list(int))") == .map(.string, .list(.int)))
    #expect(CELType(parsing: "google.protobuf.Duration") == .duration)
    #expect(CELType(parsing: "list(") == nil)
    #expect(CELType(parsing: "widget") == nil)
    let value: CELValue = ["a": [1, 2.5, true, "x"]]
    #expect(value.description == "{\"a\": [1, 2.5, true, \"x\"]}")
    #expect(value.mapValue?["a"]?.listValue?.count == 4)
    #expect(value.celType == .map(.string, .list(.dyn)))
  }
}
