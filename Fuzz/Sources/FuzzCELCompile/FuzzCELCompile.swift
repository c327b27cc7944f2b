// libFuzzer target: bytes → CELProgram.compile (lexer, parser, checker), checked and unchecked,
// against an environment with typed variables, one with the same names as dyn, and an extension
// function. Must never crash, hang or take unbounded memory; compile errors are expected.
//
// Input: the expression as UTF-8 (invalid sequences repaired).
import TriageCEL

private func environment(typed: Bool) -> CELEnvironment {
  var environment = CELEnvironment()
  let declarations: [(String, CELType)] = [
    ("a", .int), ("b", .double), ("c", .bool), ("x", .dyn), ("x.y", .double), ("y", .uint), ("s", .string),
    ("bs", .bytes), ("l", .list(.int)), ("ld", .list(.dyn)), ("m", .map(.string, .dyn)),
    ("mi", .map(.int, .string)), ("d", .duration), ("t", .timestamp), ("db.active", .int), ("db.max", .int),
    ("app.listening", .bool), ("input.port", .int), ("result", .dyn),
  ]
  for (id, (name, type)) in declarations.enumerated() {
    environment.declare(name, type: typed ? type : .dyn, id: id)
  }
  environment.register(
    CELFunction(name: "twice", parameterTypes: [.int], resultType: .int) { arguments in
      guard case .int(let value) = arguments[0] else { return .error(CELError("twice: not an int")) }
      let (result, overflow) = value.multipliedReportingOverflow(by: 2)
      return overflow ? .error(CELError("overflow")) : .value(.int(result))
    })
  environment.register(
    CELFunction(name: "shout", style: .receiver, parameterTypes: [.string], resultType: .string) { arguments in
      guard case .string(let value) = arguments[0] else { return .error(CELError("shout: not a string")) }
      return .value(.string(value.uppercased()))
    })
  return environment
}

private let typedEnvironment = environment(typed: true)
private let dynEnvironment = environment(typed: false)

/// Builds the globals before the first input, so LeakSanitizer does not count them as a leak of it.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
  _ = (typedEnvironment, dynEnvironment)
  return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  for (environment, checkTypes) in [(typedEnvironment, true), (typedEnvironment, false), (dynEnvironment, true)] {
    do {
      let program = try CELProgram.compile(source, in: environment, checkTypes: checkTypes)
      _ = program.resultType.description
      _ = program.variableIDs
    } catch {
      // Positions must lie inside the text (line and column from 1, offset at most one past the end).
      let position = error.position
      if position.line < 1 || position.column < 1 || position.offset < 1
        || position.offset > source.unicodeScalars.count + 1
      {
        fatalError("compile error position out of range: \(position) offset \(position.offset) for \(error.message)")
      }
      _ = error.description
    }
  }
  return 0
}
