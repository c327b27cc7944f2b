/// Walks a compiled node tree against one activation, enforcing the evaluation limits.
///
/// The activation is passed down as a generic parameter rather than stored, so it is never
/// copied (unspecialized generic code receives it by reference).
struct CELEvaluator {
  private let limits: CELLimits
  private var steps = 0
  private var iterations = 0
  /// Estimated bytes of the lists, maps and strings built so far (see ``CELLimits/maxEvaluationMemory``).
  private var memory = 0
  private var locals: [CELValue]
  /// Set once a limit is exceeded; the whole evaluation then fails with it.
  private var aborted: CELError?

  init(limits: CELLimits, slotCount: Int) {
    self.limits = limits
    self.locals = slotCount == 0 ? [] : Array(repeating: .null, count: slotCount)
  }

  /// Evaluates the root node; a limit violation anywhere overrides the result.
  mutating func evaluate<A: CELActivation>(_ node: CELNode, _ activation: A) -> CELOutcome {
    let outcome = eval(node, activation)
    if let aborted { return .error(aborted) }
    return outcome
  }

  /// Charges a built value to the evaluation's memory budget; past it the evaluation fails.
  private mutating func charge(_ outcome: CELOutcome) -> CELOutcome {
    guard case .value(let value) = outcome else { return outcome }
    switch value {
    case .list(let elements): memory += 16 + elements.count * 24
    case .map(let map): memory += 16 + map.count * 48
    case .string(let text): memory += text.utf8.count
    case .bytes(let bytes): memory += bytes.count
    default: return outcome
    }
    guard memory <= limits.maxEvaluationMemory else {
      return abort(CELError("evaluation exceeded its memory budget of \(limits.maxEvaluationMemory >> 20) MB"))
    }
    return outcome
  }

  private mutating func abort(_ error: CELError) -> CELOutcome {
    if aborted == nil { aborted = error }
    return .error(aborted ?? error)
  }

  /// Merges two sorted, de-duplicated id lists.
  static func mergeUnknowns(_ a: [Int], _ b: [Int]) -> [Int] {
    if a.isEmpty { return b }
    if b.isEmpty || a == b { return a }
    var result: [Int] = []
    result.reserveCapacity(a.count + b.count)
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if j == b.count || (i < a.count && a[i] < b[j]) {
        result.append(a[i])
        i += 1
      } else if i == a.count || b[j] < a[i] {
        result.append(b[j])
        j += 1
      } else {
        result.append(a[i])
        i += 1
        j += 1
      }
    }
    return result
  }

  /// Whether every id is bound as not applicable (see ``CELBinding/notApplicable``).
  static func inapplicable<A: CELActivation>(_ ids: [Int], _ activation: A) -> Bool {
    guard !ids.isEmpty else { return false }
    for id in ids where activation.binding(forVariable: id) != .notApplicable { return false }
    return true
  }

  /// Combines two strict operand outcomes that are not both values: unknowns win and merge
  /// (an operand that is only not applicable decides alone: the result can never have a value),
  /// then the first error.
  @inline(__always)
  private static func propagate<A: CELActivation>(_ a: CELOutcome, _ b: CELOutcome, _ activation: A) -> CELOutcome {
    switch (a, b) {
    case (.unknown(let x), .unknown(let y)):
      if inapplicable(x, activation) { return a }
      if inapplicable(y, activation) { return b }
      return .unknown(mergeUnknowns(x, y))
    case (.unknown, _): return a
    case (_, .unknown): return b
    case (.error, _): return a
    default: return b
    }
  }

  // MARK: - Nodes

  /// Evaluates one node.
  ///
  /// A thin dispatcher: helpers extract their own payloads, which keeps the recursive frame small
  /// in unoptimized builds (deeply nested expressions must not exhaust the stack).
  mutating func eval<A: CELActivation>(_ node: CELNode, _ activation: A) -> CELOutcome {
    steps &+= 1
    if steps > limits.maxEvaluationSteps { return stepLimitExceeded() }
    switch node {
    case .constant(let value): return .value(value)
    case .variable(let id): return variable(id, activation)
    case .binary: return charge(binary(node, activation))
    case .and(let operands): return logical(operands, absorbing: false, activation)
    case .or(let operands): return logical(operands, absorbing: true, activation)
    case .inList: return inList(node, activation)
    case .local(let slot): return .value(locals[slot])
    case .failure(let error): return .error(error)
    case .not, .negate, .conditional, .inSet, .select, .has, .hasVariable:
      return unary(node, activation)
    case .list(let nodes): return charge(list(nodes, activation))
    case .map: return charge(map(node, activation))
    case .call1, .call2, .matches, .function: return charge(call(node, activation))
    case .comprehension: return charge(comprehension(node, activation))
    }
  }

  private mutating func stepLimitExceeded() -> CELOutcome {
    abort(CELError("evaluation exceeded the limit of \(limits.maxEvaluationSteps) steps"))
  }

  @inline(__always)
  private func variable<A: CELActivation>(_ id: Int, _ activation: A) -> CELOutcome {
    switch activation.binding(forVariable: id) {
    case .value(let value): return .value(value)
    case .unknown, .notApplicable: return .unknown([id])
    }
  }

  @inline(__always)
  private mutating func binary<A: CELActivation>(_ node: CELNode, _ activation: A) -> CELOutcome {
    guard case .binary(let op, let lhs, let rhs) = node else { return Self.invalid }
    let a = eval(lhs, activation)
    let b = eval(rhs, activation)
    guard case .value(let x) = a, case .value(let y) = b else { return Self.propagate(a, b, activation) }
    switch (op, x, y) {
    case (.equal, .int(let p), .int(let q)): return .value(.bool(p == q))
    case (.equal, .string(let p), .string(let q)): return .value(.bool(CELStrings.equal(p, q)))
    case (.notEqual, .int(let p), .int(let q)): return .value(.bool(p != q))
    case (.less, .int(let p), .int(let q)): return .value(.bool(p < q))
    case (.greater, .int(let p), .int(let q)): return .value(.bool(p > q))
    default: return CELOperators.apply(op, x, y, limits: limits)
    }
  }

  @inline(__always)
  private mutating func inList<A: CELActivation>(_ node: CELNode, _ activation: A) -> CELOutcome {
    guard case .inList(let operand, let elements) = node else { return Self.invalid }
    let outcome = eval(operand, activation)
    guard case .value(let value) = outcome else { return outcome }
    if case .string(let text) = value {
      for element in elements {
        if case .string(let other) = element, CELStrings.equal(text, other) {
          return .value(.bool(true))
        }
      }
      // Strings only ever equal strings.
      return .value(.bool(false))
    }
    return .value(.bool(elements.contains(value)))
  }

  /// Nodes with one operand (or none): `!`, `-`, `?:`, `in` a set, selection and `has()`.
  private mutating func unary<A: CELActivation>(_ node: CELNode, _ activation: A) -> CELOutcome {
    switch node {
    case .not(let operand):
      let outcome = eval(operand, activation)
      guard case .value(let value) = outcome else { return outcome }
      guard case .bool(let flag) = value else {
        return .error(.noMatchingOverload("!_", [value]))
      }
      return .value(.bool(!flag))
    case .negate(let operand):
      let outcome = eval(operand, activation)
      guard case .value(let value) = outcome else { return outcome }
      return CELOperators.negate(value)
    case .conditional(let condition, let whenTrue, let whenFalse):
      let outcome = eval(condition, activation)
      guard case .value(let value) = outcome else { return outcome }
      guard case .bool(let flag) = value else {
        return .error(.noMatchingOverload("_?_:_", [value]))
      }
      return eval(flag ? whenTrue : whenFalse, activation)
    case .inSet(let operand, let set):
      let outcome = eval(operand, activation)
      guard case .value(let value) = outcome else { return outcome }
      return .value(.bool(set.contains(value)))
    case .select(let operand, let field):
      let outcome = eval(operand, activation)
      guard case .value(let value) = outcome else { return outcome }
      guard case .map(let map) = value else {
        return .error(CELError("type '\(value.typeName)' does not support field selection"))
      }
      guard let result = map[.string(field)] else {
        return .error(CELError("no such key: '\(field)'"))
      }
      return .value(result)
    case .has(let operand, let field):
      let outcome = eval(operand, activation)
      guard case .value(let value) = outcome else { return outcome }
      guard case .map(let map) = value else {
        return .error(CELError("type '\(value.typeName)' does not support field selection"))
      }
      return .value(.bool(map.contains(key: .string(field))))
    case .hasVariable(let id):
      if case .value = activation.binding(forVariable: id) { return .value(.bool(true)) }
      return .value(.bool(false))
    default:
      return Self.invalid
    }
  }

  /// Built-in and extension function calls.
  private mutating func call<A: CELActivation>(_ node: CELNode, _ activation: A) -> CELOutcome {
    switch node {
    case .call1(let builtin, let operand):
      let outcome = eval(operand, activation)
      guard case .value(let value) = outcome else { return outcome }
      return CELFunctions.apply(builtin, value, limits: limits)
    case .call2(let builtin, let first, let second):
      let a = eval(first, activation)
      let b = eval(second, activation)
      guard case .value(let x) = a, case .value(let y) = b else { return Self.propagate(a, b, activation) }
      if builtin == .matches, case .string(let text) = x, case .string(let pattern) = y {
        do {
          return match(try CELRegex(pattern, maxLength: limits.maxRegexPatternLength), text)
        } catch {
          return .error(CELError("invalid regular expression '\(pattern)': \(error.message)"))
        }
      }
      return CELFunctions.apply(builtin, x, y, limits: limits)
    case .matches(let operand, let regex):
      let outcome = eval(operand, activation)
      guard case .value(let value) = outcome else { return outcome }
      guard case .string(let text) = value else {
        return .error(.noMatchingOverload("matches", [value, .string(regex.pattern)]))
      }
      return match(regex, text)
    case .function(let function, let nodes):
      var args: [CELValue] = []
      args.reserveCapacity(nodes.count)
      var failure: CELOutcome?
      for node in nodes {
        let outcome = eval(node, activation)
        if case .value(let value) = outcome {
          args.append(value)
        } else {
          failure = failure.map { Self.propagate($0, outcome, activation) } ?? outcome
        }
      }
      if let failure { return failure }
      return function.implementation(args)
    default:
      return Self.invalid
    }
  }

  /// Runs a regular expression, charging its work against the evaluation step budget.
  private mutating func match(_ regex: CELRegex, _ text: String) -> CELOutcome {
    let remaining = max(0, limits.maxEvaluationSteps - steps)
    let budget =
      remaining > Int.max / CELRegex.workPerStep ? Int.max : remaining * CELRegex.workPerStep
    let (outcome, work) = regex.evaluate(text, limits: limits, budget: budget)
    steps += work / CELRegex.workPerStep
    if steps > limits.maxEvaluationSteps { return stepLimitExceeded() }
    return outcome
  }

  private static var invalid: CELOutcome { .error(CELError("internal evaluator error")) }

  /// `&&` (absorbing `false`) or `||` (absorbing `true`), commutative over errors and unknowns.
  ///
  /// An operand whose unknowns are all not applicable can never be true: it makes `&&` not
  /// applicable (unless another operand is false) and gives way to real unknowns in `||`.
  @inline(__always)
  private mutating func logical<A: CELActivation>(
    _ operands: [CELNode], absorbing: Bool, _ activation: A
  ) -> CELOutcome {
    var unknowns: [Int]?
    var inapplicable: [Int]?
    var error: CELError?
    for operand in operands {
      switch eval(operand, activation) {
      case .value(.bool(let flag)):
        if flag == absorbing { return .value(.bool(absorbing)) }
      case .value(let value):
        if error == nil {
          error = .noMatchingOverload(absorbing ? "_||_" : "_&&_", [value])
        }
      case .error(let failure):
        if error == nil { error = failure }
      case .unknown(let ids):
        if Self.inapplicable(ids, activation) {
          inapplicable = inapplicable.map { Self.mergeUnknowns($0, ids) } ?? ids
        } else {
          unknowns = unknowns.map { Self.mergeUnknowns($0, ids) } ?? ids
        }
      }
      if aborted != nil { return .error(aborted ?? CELError("aborted")) }
    }
    if !absorbing, let inapplicable { return .unknown(inapplicable) }
    if let unknowns { return .unknown(unknowns) }
    if let inapplicable { return .unknown(inapplicable) }
    if let error { return .error(error) }
    return .value(.bool(!absorbing))
  }

  private mutating func list<A: CELActivation>(_ nodes: [CELNode], _ activation: A) -> CELOutcome {
    var elements: [CELValue] = []
    elements.reserveCapacity(nodes.count)
    var failure: CELOutcome?
    for node in nodes {
      let outcome = eval(node, activation)
      if case .value(let value) = outcome {
        elements.append(value)
      } else {
        failure = failure.map { Self.propagate($0, outcome, activation) } ?? outcome
      }
    }
    if let failure { return failure }
    return .value(.list(elements))
  }

  private mutating func map<A: CELActivation>(_ node: CELNode, _ activation: A) -> CELOutcome {
    guard case .map(let keys, let values) = node else { return Self.invalid }
    var entries: [(CELValue, CELValue)] = []
    entries.reserveCapacity(keys.count)
    var failure: CELOutcome?
    for (keyNode, valueNode) in zip(keys, values) {
      let key = eval(keyNode, activation)
      let value = eval(valueNode, activation)
      guard case .value(let k) = key, case .value(let v) = value else {
        let combined = Self.propagate(key, value, activation)
        failure = failure.map { Self.propagate($0, combined, activation) } ?? combined
        continue
      }
      entries.append((k, v))
    }
    if let failure { return failure }
    var seen = Set<CELValue>()
    for (key, _) in entries {
      switch key {
      case .bool, .int, .uint, .string: break
      default: return .error(CELError("unsupported map key type '\(key.typeName)'"))
      }
      if !seen.insert(key).inserted {
        return .error(CELError("repeated key in map literal: \(key)"))
      }
    }
    return .value(.map(CELMap(entries)))
  }

  // MARK: - Comprehensions

  private mutating func comprehension<A: CELActivation>(_ node: CELNode, _ activation: A)
    -> CELOutcome
  {
    guard case .comprehension(let loop) = node else { return Self.invalid }
    let rangeOutcome = eval(loop.range, activation)
    guard case .value(let range) = rangeOutcome else { return rangeOutcome }
    switch range {
    case .list(let elements):
      return iterate(loop, count: elements.count, activation) { elements[$0] }
    case .map(let map):
      let entries = map.entries
      return iterate(loop, count: entries.count, activation) { entries[$0].key }
    default:
      return .error(
        CELError(
          "expression of type '\(range.typeName)' cannot be the range of a comprehension"))
    }
  }

  private mutating func iterate<A: CELActivation>(
    _ loop: CELComprehension, count: Int, _ activation: A, element: (Int) -> CELValue
  ) -> CELOutcome {
    var unknowns: [Int]?
    var error: CELError?
    var matches = 0
    var results: [CELValue] = []
    func note(_ outcome: CELOutcome) {
      switch outcome {
      case .unknown(let ids): unknowns = unknowns.map { Self.mergeUnknowns($0, ids) } ?? ids
      case .error(let failure): if error == nil { error = failure }
      case .value: break
      }
    }
    for index in 0..<count {
      iterations += 1
      if iterations > limits.maxComprehensionIterations {
        return abort(
          CELError(
            "comprehensions exceeded the limit of \(limits.maxComprehensionIterations) iterations"
          ))
      }
      let item = element(index)
      locals[loop.slot] = item
      var include = true
      if let predicate = loop.predicate {
        let outcome = eval(predicate, activation)
        if let aborted { return .error(aborted) }
        switch outcome {
        case .value(.bool(let flag)):
          switch loop.macro {
          case .all: if !flag { return .value(.bool(false)) }
          case .exists: if flag { return .value(.bool(true)) }
          case .existsOne: if flag { matches += 1 }
          case .map, .filter: include = flag
          }
        case .value(let value):
          note(.error(.noMatchingOverload(loop.macro.rawValue, [value])))
          include = false
        default:
          note(outcome)
          include = false
        }
      }
      switch loop.macro {
      case .filter:
        if include { results.append(item) }
      case .map:
        guard include, let transform = loop.transform else { continue }
        let outcome = eval(transform, activation)
        if let aborted { return .error(aborted) }
        if case .value(let value) = outcome {
          results.append(value)
        } else {
          note(outcome)
        }
      default:
        break
      }
    }
    if let unknowns { return .unknown(unknowns) }
    if let error { return .error(error) }
    switch loop.macro {
    case .all: return .value(.bool(true))
    case .exists: return .value(.bool(false))
    case .existsOne: return .value(.bool(matches == 1))
    case .map, .filter: return .value(.list(results))
    }
  }
}
