import Testing
import TriageBinary
import TriageCEL

/// The strings extension library beyond the conformance data: held in the compiled-catalog
/// cache, and left out of an environment that does not register it.
@Suite struct CELStringExtensionTests {
  private func environment() -> CELEnvironment {
    var environment = CELEnvironment()
    environment.registerStringExtensions()
    return environment
  }

  @Test func aProgramCallingTheLibraryIsStoredAndReadBack() throws {
    let program = try CELProgram.compile(
      "'nginx/1.22.1 (Debian)'.split(' ')[0].substring(6).replace('.', '-') + '|' + ['a', 'b'].join(',')",
      in: environment())
    var writer = BinaryWriter()
    writer.write(program)
    #expect(!writer.unstorable)
    var reader = BinaryReader(writer.bytes)
    let decoded = try reader.read(CELProgram.self)
    #expect(reader.isAtEnd)
    guard case .value(.string(let text)) = decoded.evaluate([:]) else {
      Issue.record("no string from the decoded program")
      return
    }
    #expect(text == "1-22-1|a,b")
  }

  @Test func withoutRegistrationTheFunctionsAreUnknown() {
    #expect(throws: CELCompileError.self) { try CELProgram.compile("'a,b'.split(',')", in: CELEnvironment()) }
  }

  @Test(arguments: [
    ("'a--b--c'.split('--', 2)", "['a', 'b--c']"),
    ("'héllo'.indexOf('l', 3)", "3"),
    ("'abc'.replace('', '-')", "'-a-b-c-'"),
    ("'%.2f of %s'.format([0.125, 'disk'])", "'0.12 of disk'"),
    ("'%s'.format([{'b': 1, 'a': [true, null]}])", "'{a: [true, null], b: 1}'"),
  ])
  func goSemantics(expression: String, expected: String) throws {
    let environment = environment()
    let got = try CELProgram.compile(expression, in: environment).evaluate([:])
    let want = try CELProgram.compile(expected, in: environment).evaluate([:])
    #expect("\(got)" == "\(want)")
  }

  @Test func aReplacementThatWouldOutgrowTheStringLimitIsAnErrorNotAnAllocation() throws {
    var environment = environment()
    let activation = environment.declare(values: ["text": .string(String(repeating: "x", count: 1 << 20))])
    let program = try CELProgram.compile("text.replace('', text)", in: environment)
    guard case .error(let error) = program.evaluate(activation) else {
      Issue.record("a 10^12-byte replacement was built")
      return
    }
    #expect("\(error)".contains("string too large"))
  }
}
