// libFuzzer target: compile an expression, then evaluate it with variables bound to values
// derived from the bytes — ints including Int64.min/max, uints, doubles including NaN and ±inf,
// strings (odd Unicode, regex metacharacters, numbers and times as text), bytes, lists, maps,
// durations, timestamps, types — or left unknown. Must never crash, hang or take unbounded memory.
//
// Input: EXPRESSION 0x00 ACTIVATION. The expression is UTF-8 (repaired); without a 0x00 the whole
// input is the expression and the activation bytes are empty (every variable 0/false/"" …).
// Activation bytes: one flags byte (bit 0: check types; bit 1: declare the variables with their
// types, values then match those types — otherwise every variable is dyn and takes any value;
// bit 2: evaluate a second time through the name-based API), then per variable one byte
// (a multiple of 7: unknown) followed by that variable's value.
import TriageCEL

private let declarations: [(String, CELType)] = [
  ("a", .int), ("b", .double), ("c", .bool), ("x", .dyn), ("x.y", .double), ("y", .uint), ("s", .string),
  ("bs", .bytes), ("l", .list(.int)), ("ld", .list(.dyn)), ("m", .map(.string, .dyn)),
  ("mi", .map(.int, .string)), ("d", .duration), ("t", .timestamp), ("db.active", .int), ("db.max", .int),
  ("app.listening", .bool), ("input.port", .int), ("result", .dyn),
]

private func environment(typed: Bool) -> CELEnvironment {
  var environment = CELEnvironment()
  for (id, (name, type)) in declarations.enumerated() {
    environment.declare(name, type: typed ? type : .dyn, id: id)
  }
  return environment
}

private let typedEnvironment = environment(typed: true)
private let dynEnvironment = environment(typed: false)

/// Builds the globals before the first input, so LeakSanitizer does not count them as a leak of it.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
  _ = (typedEnvironment, dynEnvironment, declarations)
  return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let split = bytes.firstIndex(of: 0) ?? size
  let source = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<split]), as: UTF8.self)
  var reader = ValueReader(UnsafeBufferPointer(rebasing: bytes[min(split + 1, size)...]))

  let flags = reader.byte()
  let checkTypes = flags & 1 == 1
  let typed = flags & 2 == 2
  let program: CELProgram
  do {
    program = try CELProgram.compile(source, in: typed ? typedEnvironment : dynEnvironment, checkTypes: checkTypes)
  } catch {
    return 0
  }

  var bindings: [Int: CELBinding] = [:]
  var named: [String: CELValue] = [:]
  for (id, (name, type)) in declarations.enumerated() {
    if reader.byte() % 7 == 0 { continue }
    let value = typed ? reader.value(of: type) : reader.anyValue()
    bindings[id] = .value(value)
    named[name] = value
  }

  let outcome = program.evaluate(CELDictionaryActivation(bindings))
  describe(outcome)
  if flags & 4 == 4 {
    let again = program.evaluate(named)
    describe(again)
    // Evaluation is deterministic: both APIs bind the same values.
    if "\(again)" != "\(outcome)" {
      fatalError("evaluation is not deterministic: \(outcome) vs \(again) for \(source)")
    }
  }
  return 0
}

private func describe(_ outcome: CELOutcome) {
  switch outcome {
  case .value(let value):
    _ = value.description
    _ = value.celType
  case .error(let error): _ = error.description
  case .unknown(let ids): _ = ids.count
  }
}
