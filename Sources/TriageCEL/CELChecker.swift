/// Resolves identifiers, type-checks and lowers a parsed expression to executable nodes.
///
/// With `checkTypes` false, type errors are ignored and unresolvable references become
/// run-time errors; otherwise the first certain error is thrown. Types that cannot be known
/// statically are `dyn`, and `dyn` never causes an error.
struct CELChecker {
  private let environment: CELEnvironment
  private let checkTypes: Bool
  private var locals: [(name: String, type: CELType)] = []
  /// The number of comprehension variable slots the program needs.
  private(set) var slotCount = 0
  /// The declared variables the expression reads (an id may repeat; see ``takeReadVariables()``).
  private var reads: [(id: Int, name: String)] = []
  /// Instructions of the constant regular expressions compiled.
  private(set) var regexInstructions = 0

  /// The ids of the declared variables the expression reads, sorted, each once, with their
  /// names; the checker forgets them (so they are sorted in place, not copied first).
  mutating func takeReadVariables() -> (ids: [Int], names: [String]) {
    // Stable sorts: of reads of one id, the last read's name is kept. A handful of reads (the
    // usual case) is sorted by insertion, without a comparison closure.
    var sorted = reads
    reads = []
    if sorted.count > 16 {
      sorted.sort { $0.id < $1.id }
    } else {
      for index in sorted.indices.dropFirst() {
        var position = index
        while position > 0, sorted[position - 1].id > sorted[position].id {
          sorted.swapAt(position - 1, position)
          position -= 1
        }
      }
    }
    var ids: [Int] = []
    var names: [String] = []
    ids.reserveCapacity(sorted.count)
    names.reserveCapacity(sorted.count)
    for read in sorted {
      if ids.last == read.id {
        names[names.count - 1] = read.name
      } else {
        ids.append(read.id)
        names.append(read.name)
      }
    }
    return (ids, names)
  }

  init(environment: CELEnvironment, checkTypes: Bool) {
    self.environment = environment
    self.checkTypes = checkTypes
    // Room for the reads of a typical condition, so they do not grow one at a time.
    reads.reserveCapacity(8)
  }

  /// A checked, lowered expression.
  struct Typed {
    var node: CELNode
    var type: CELType
  }

  private func fail(_ message: String, _ offset: Int) throws(CELCheckError) {
    if checkTypes { throw CELCheckError(message: message, offset: offset) }
  }

  private static func overloadMessage(_ function: String, _ types: [CELType]) -> String {
    "found no matching overload for '\(function)' applied to '("
      + types.map(\.description).joined(separator: ", ") + ")'"
  }

  /// A type error of a binary operator in the author's terms: the operands as written, with
  /// their types ("cannot compare int `result.status` with string `'200'`").
  private static func operatorMessage(
    _ op: CELBinaryOperator, _ left: CELExpr, _ leftType: CELType, _ right: CELExpr, _ rightType: CELType
  ) -> String {
    let lhs = "\(leftType) `\(left.sketch)`"
    let rhs = "\(rightType) `\(right.sketch)`"
    switch op {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
      return "cannot compare \(lhs) with \(rhs) ('\(op.symbol)'); convert one side, e.g. string(x) or int(x)"
    case .in: return "cannot look for \(lhs) in \(rhs) ('in' needs a list or a map on the right)"
    case .index: return "cannot index \(lhs) with \(rhs)"
    case .add, .subtract, .multiply, .divide, .remainder:
      return "cannot apply '\(op.symbol)' to \(lhs) and \(rhs); convert one side, e.g. string(x) or int(x)"
    }
  }

  // MARK: - Expressions

  /// Checks and lowers one expression.
  ///
  /// A thin dispatcher: helpers extract their own payloads, which keeps this recursive
  /// function's stack frame small even in unoptimized builds.
  mutating func check(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    switch expr.kind {
    case .literal: return literal(expr)
    case .identifier: return try identifier(expr)
    case .select: return try select(expr)
    case .call: return try call(expr)
    case .and, .or: return try logical(expr)
    case .conditional: return try conditional(expr)
    case .list: return try list(expr)
    case .map: return try map(expr)
    case .macro: return try comprehension(expr)
    }
  }

  private func literal(_ expr: CELExpr) -> Typed {
    guard case .literal(let value) = expr.kind else { return Typed(node: .constant(.null), type: .dyn) }
    return Typed(node: .constant(value), type: value.celType)
  }

  private mutating func identifier(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    guard case .identifier(let name, let rooted) = expr.kind else { return Self.invalid }
    let offset = expr.offset
    if !rooted, let slot = locals.lastIndex(where: { $0.name == name }) {
      return Typed(node: .local(slot), type: locals[slot].type)
    }
    // A declared name on its own, the usual case: what `resolve` gives for one part.
    if let variable = environment.variable(named: name) {
      reads.append((variable.id, variable.name))
      return Typed(node: .variable(variable.id), type: variable.type)
    }
    return try resolve([name], rooted: rooted, offset: offset)
  }

  private mutating func logical(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    let operands: [CELExpr]
    let isAnd: Bool
    switch expr.kind {
    case .and(let items): (operands, isAnd) = (items, true)
    case .or(let items): (operands, isAnd) = (items, false)
    default: return Self.invalid
    }
    let offset = expr.offset
    var nodes: [CELNode] = []
    var types: [CELType] = []
    nodes.reserveCapacity(operands.count)
    types.reserveCapacity(operands.count)
    for operand in operands {
      let typed = try check(operand)
      nodes.append(typed.node)
      types.append(typed.type)
    }
    if let bad = types.first(where: { !$0.isAssignable(to: .bool) }) {
      try fail(Self.overloadMessage(isAnd ? "_&&_" : "_||_", [types[0], bad]), offset)
    }
    return Typed(node: Self.fold(isAnd ? .and(nodes) : .or(nodes)), type: .bool)
  }

  private mutating func conditional(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    guard case .conditional(let condition, let whenTrue, let whenFalse) = expr.kind else {
      return Self.invalid
    }
    let c = try check(condition)
    if !c.type.isAssignable(to: .bool) {
      try fail(Self.overloadMessage("_?_:_", [c.type]), condition.offset)
    }
    let t = try check(whenTrue)
    let f = try check(whenFalse)
    let node = CELNode.conditional(c.node, t.node, f.node)
    return Typed(node: Self.fold(node), type: CELType.joined([t.type, f.type]))
  }

  private mutating func list(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    guard case .list(let elements) = expr.kind else { return Self.invalid }
    var nodes: [CELNode] = []
    var types: [CELType] = []
    nodes.reserveCapacity(elements.count)
    types.reserveCapacity(elements.count)
    for element in elements {
      let typed = try check(element)
      nodes.append(typed.node)
      types.append(typed.type)
    }
    return Typed(node: Self.fold(.list(nodes)), type: .list(CELType.joined(types)))
  }

  private mutating func map(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    guard case .map(let entries) = expr.kind else { return Self.invalid }
    var keys: [CELNode] = []
    var values: [CELNode] = []
    var keyTypes: [CELType] = []
    var valueTypes: [CELType] = []
    for entry in entries {
      let key = try check(entry.key)
      switch key.type {
      case .dyn, .bool, .int, .uint, .string: break
      default: try fail("unsupported map key type '\(key.type)'", entry.key.offset)
      }
      let value = try check(entry.value)
      keys.append(key.node)
      values.append(value.node)
      keyTypes.append(key.type)
      valueTypes.append(value.type)
    }
    return Typed(
      node: Self.fold(.map(keys: keys, values: values)),
      type: .map(CELType.joined(keyTypes), CELType.joined(valueTypes)))
  }

  // MARK: - Identifiers and selection

  /// The dotted name an identifier/select chain spells, if it starts at a non-local identifier,
  /// with the offset of that identifier.
  private func qualifiedName(_ expr: CELExpr) -> (parts: [String], rooted: Bool, offset: Int)? {
    switch expr.kind {
    case .identifier(let name, let rooted):
      if !rooted && locals.contains(where: { $0.name == name }) { return nil }
      return ([name], rooted, expr.offset)
    case .select(let operand, let field, false):
      guard let (parts, rooted, offset) = qualifiedName(operand) else { return nil }
      return (parts + [field], rooted, offset)
    default:
      return nil
    }
  }

  /// The longest declared prefix of `parts`, and how many parts it covers.
  private func longestDeclaredPrefix(_ parts: [String]) -> (CELEnvironment.Variable, Int)? {
    var count = parts.count
    while count > 0 {
      let name = count == 1 ? parts[0] : parts[0..<count].joined(separator: ".")
      if let variable = environment.variable(named: name) {
        return (variable, count)
      }
      count -= 1
    }
    return nil
  }

  /// Resolves a qualified name to a declared variable followed by field selections.
  private mutating func resolve(_ parts: [String], rooted: Bool, offset: Int) throws(CELCheckError)
    -> Typed
  {
    guard let (variable, used) = longestDeclaredPrefix(parts) else {
      let name = parts.joined(separator: ".")
      let message = "undeclared reference to '\(name)'"
      // The suggestion compares with every declared name: only for the error an author reads.
      guard checkTypes else { return Typed(node: .failure(CELError(message)), type: .dyn) }
      let names = environment.declaredVariables.map(\.name).filter { $0 != "result" }
      throw CELCheckError(message: message + Suggestion.hint(for: name, in: names), offset: offset)
    }
    reads.append((variable.id, variable.name))
    var typed = Typed(node: .variable(variable.id), type: variable.type)
    var remaining = parts[used...]
    if let fields = variable.fields, let field = remaining.first {
      try checkField(field, of: variable, fields: fields, offset: offset)
      typed = Typed(node: Self.fold(.select(typed.node, field)), type: fields[field] ?? .dyn)
      remaining = remaining.dropFirst()
    }
    for field in remaining {
      typed = try selectField(typed, field, offset: offset)
    }
    return typed
  }

  /// Fails when a record variable has no such field, suggesting the closest one.
  private func checkField(_ field: String, of variable: CELEnvironment.Variable, fields: [String: CELType], offset: Int)
    throws(CELCheckError)
  {
    guard fields[field] == nil else { return }
    let names = fields.keys.sorted()
    try fail(
      "\(variable.name) has no field '\(field)'\(Suggestion.hint(for: field, in: names)) (its fields: "
        + names.joined(separator: ", ") + ")", offset)
  }

  private func selectField(_ operand: Typed, _ field: String, offset: Int) throws(CELCheckError)
    -> Typed
  {
    let type: CELType
    switch operand.type {
    case .dyn: type = .dyn
    case .map(let key, let value):
      if !CELType.string.isAssignable(to: key) {
        try fail("type '\(operand.type)' does not support field selection", offset)
      }
      type = value
    default:
      try fail("type '\(operand.type)' does not support field selection", offset)
      type = .dyn
    }
    return Typed(node: Self.fold(.select(operand.node, field)), type: type)
  }

  private mutating func select(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    guard case .select(let operand, let field, let testOnly) = expr.kind else { return Self.invalid }
    if testOnly { return try has(expr, operand, field) }
    if let (parts, rooted, offset) = qualifiedName(expr) {
      return try resolve(parts, rooted: rooted, offset: offset)
    }
    return try selectField(try check(operand), field, offset: expr.offset)
  }

  /// `has(operand.field)`: a presence test of a declared variable, or of a map key.
  private mutating func has(_ expr: CELExpr, _ operand: CELExpr, _ field: String)
    throws(CELCheckError) -> Typed
  {
    if let variable = declaredVariable(spelledBy: operand, field) {
      reads.append((variable.id, variable.name))
      return Typed(node: .hasVariable(variable.id), type: .bool)
    }
    if let (parts, _, offset) = qualifiedName(operand), let (variable, used) = longestDeclaredPrefix(parts),
      used == parts.count, let fields = variable.fields
    {
      try checkField(field, of: variable, fields: fields, offset: offset)
    }
    let typed = try check(operand)
    switch typed.type {
    case .dyn, .map: break
    default: try fail("type '\(typed.type)' does not support field selection", expr.offset)
    }
    return Typed(node: Self.fold(.has(typed.node, field)), type: .bool)
  }

  /// The variable declared under exactly the dotted name `operand.field`, if any.
  private func declaredVariable(spelledBy operand: CELExpr, _ field: String)
    -> CELEnvironment.Variable?
  {
    guard let (parts, _, _) = qualifiedName(operand) else { return nil }
    let full = parts + [field]
    guard let (variable, used) = longestDeclaredPrefix(full), used == full.count else { return nil }
    return variable
  }

  // MARK: - Calls

  private mutating func call(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    guard case .call(let name, let target, let args) = expr.kind else { return Self.invalid }
    if name == "now", target == nil, args.isEmpty, let id = environment.nowVariableID {
      reads.append((id, "now()"))
      return Typed(node: .variable(id), type: .timestamp)
    }
    if target == nil, args.count == 2, let op = CELBinaryOperator(functionName: name) {
      return try binaryCall(expr, op, args[0], args[1])
    }
    if target == nil, args.count == 1, name == "!_" || name == "-_" {
      return try unaryCall(expr, name, args[0])
    }
    return try functionCall(expr, name: name, target: target, args: args)
  }

  private mutating func binaryCall(
    _ expr: CELExpr, _ op: CELBinaryOperator, _ left: CELExpr, _ right: CELExpr
  ) throws(CELCheckError) -> Typed {
    let lhs = try check(left)
    let rhs = try check(right)
    guard let type = CELOperatorTypes.resultType(op, lhs.type, rhs.type) else {
      try fail(Self.operatorMessage(op, left, lhs.type, right, rhs.type), expr.offset)
      return Typed(node: .binary(op, lhs.node, rhs.node), type: .dyn)
    }
    return Typed(node: Self.optimize(.binary(op, lhs.node, rhs.node)), type: type)
  }

  private mutating func unaryCall(_ expr: CELExpr, _ name: String, _ argument: CELExpr)
    throws(CELCheckError) -> Typed
  {
    let operand = try check(argument)
    if name == "!_" {
      if !operand.type.isAssignable(to: .bool) {
        try fail(Self.overloadMessage(name, [operand.type]), expr.offset)
      }
      return Typed(node: Self.fold(.not(operand.node)), type: .bool)
    }
    switch operand.type {
    case .int, .double, .dyn: break
    default: try fail(Self.overloadMessage(name, [operand.type]), expr.offset)
    }
    return Typed(node: Self.fold(.negate(operand.node)), type: operand.type)
  }

  private mutating func functionCall(
    _ expr: CELExpr, name: String, target: CELExpr?, args: [CELExpr]
  ) throws(CELCheckError) -> Typed {
    if let (function, receiver) = extensionFunction(name: name, target: target, arity: args.count) {
      return try extensionCall(expr, function, receiver: receiver, args: args)
    }
    let arity = args.count + (target == nil ? 0 : 1)
    guard let builtin = CELBuiltin.lookup(name: name, receiver: target != nil, arity: arity) else {
      return try unresolvedCall(expr, name: name, target: target, args: args)
    }
    return try builtinCall(expr, builtin, target: target, args: args)
  }

  /// The extension function a call resolves to, and the receiver to pass (nil for global calls,
  /// including namespaced ones such as `ns.fn(x)`).
  private func extensionFunction(name: String, target: CELExpr?, arity: Int)
    -> (CELFunction, CELExpr?)?
  {
    if let target, let (parts, _, _) = qualifiedName(target), longestDeclaredPrefix(parts) == nil {
      let qualified = (parts + [name]).joined(separator: ".")
      if let function = environment.functions[qualified]?.first(where: {
        $0.style == .global && $0.arity == arity
      }) {
        return (function, nil)
      }
    }
    let style: CELFunction.Style = target == nil ? .global : .receiver
    let total = arity + (target == nil ? 0 : 1)
    guard
      let function = environment.functions[name]?.first(where: {
        $0.style == style && $0.arity == total
      })
    else { return nil }
    return (function, target)
  }

  private mutating func unresolvedCall(
    _ expr: CELExpr, name: String, target: CELExpr?, args: [CELExpr]
  ) throws(CELCheckError) -> Typed {
    let known = CELBuiltin.isKnownName(name) || environment.functions[name] != nil
    guard checkTypes else {
      let message = known ? "no matching overload for '\(name)'" : "unbound function '\(name)'"
      return Typed(node: .failure(CELError(message)), type: .dyn)
    }
    guard known else {
      let functions = Set(CELBuiltin.all.map(\.name)).union(environment.functions.keys)
      throw CELCheckError(
        message: "undeclared reference to '\(name)'" + Suggestion.hint(for: name, in: functions.sorted()),
        offset: expr.offset)
    }
    var types: [CELType] = []
    if let target { types.append(try check(target).type) }
    for arg in args {
      types.append(try check(arg).type)
    }
    throw CELCheckError(message: Self.overloadMessage(name, types), offset: expr.offset)
  }

  private mutating func builtinCall(
    _ expr: CELExpr, _ builtin: CELBuiltin, target: CELExpr?, args: [CELExpr]
  ) throws(CELCheckError) -> Typed {
    var typedArgs: [Typed] = []
    if let target { typedArgs.append(try check(target)) }
    for arg in args {
      typedArgs.append(try check(arg))
    }
    let types = typedArgs.map(\.type)
    let resultType = builtin.resultType(types)
    if resultType == nil {
      try fail(Self.overloadMessage(builtin.name, types), expr.offset)
    }
    let node: CELNode
    if typedArgs.count == 1 {
      node = .call1(builtin, typedArgs[0].node)
    } else if builtin == .matches, case .constant(.string(let pattern)) = typedArgs[1].node {
      let regex = try compileRegex(pattern, offset: args.last?.offset ?? expr.offset)
      regexInstructions += regex.instructionCount
      node = .matches(typedArgs[0].node, regex)
    } else {
      node = .call2(builtin, typedArgs[0].node, typedArgs[1].node)
    }
    return Typed(node: Self.fold(node), type: resultType ?? .dyn)
  }

  private func compileRegex(_ pattern: String, offset: Int) throws(CELCheckError) -> CELRegex {
    do {
      return try CELRegex(
        pattern, maxLength: environment.limits.maxRegexPatternLength,
        maxInstructions: environment.limits.regexInstructionBudget - regexInstructions)
    } catch {
      throw CELCheckError(
        message: "invalid regular expression '\(pattern)': \(error.message)", offset: offset)
    }
  }

  private mutating func extensionCall(
    _ expr: CELExpr, _ function: CELFunction, receiver: CELExpr?, args: [CELExpr]
  ) throws(CELCheckError) -> Typed {
    var typedArgs: [Typed] = []
    if let receiver { typedArgs.append(try check(receiver)) }
    for arg in args {
      typedArgs.append(try check(arg))
    }
    for (typed, parameter) in zip(typedArgs, function.parameterTypes)
    where !typed.type.isAssignable(to: parameter) {
      try fail(Self.overloadMessage(function.name, typedArgs.map(\.type)), expr.offset)
    }
    return Typed(node: .function(function, typedArgs.map(\.node)), type: function.resultType)
  }

  // MARK: - Macros

  private mutating func comprehension(_ expr: CELExpr) throws(CELCheckError) -> Typed {
    guard case .macro(let macro, let range, let variable, let args) = expr.kind else {
      return Self.invalid
    }
    let rangeTyped = try check(range)
    let elementType: CELType
    switch rangeTyped.type {
    case .list(let element): elementType = element
    case .map(let key, _): elementType = key
    case .dyn: elementType = .dyn
    default:
      try fail(
        "expression of type '\(rangeTyped.type)' cannot be the range of a comprehension",
        range.offset)
      elementType = .dyn
    }
    let slot = locals.count
    locals.append((variable, elementType))
    slotCount = max(slotCount, locals.count)
    defer { locals.removeLast() }
    var predicate: Typed?
    var transform: Typed?
    switch macro {
    case .map:
      if args.count == 2 { predicate = try check(args[0]) }
      transform = try check(args[args.count - 1])
    default:
      predicate = try check(args[0])
    }
    if let predicate, !predicate.type.isAssignable(to: .bool) {
      try fail(
        "\(macro.rawValue)() predicate must be of type 'bool', not '\(predicate.type)'",
        args[0].offset)
    }
    let resultType: CELType
    switch macro {
    case .all, .exists, .existsOne: resultType = .bool
    case .map: resultType = .list(transform?.type ?? .dyn)
    case .filter: resultType = .list(elementType)
    }
    let loop = CELComprehension(
      macro: macro, range: rangeTyped.node, slot: slot, predicate: predicate?.node,
      transform: transform?.node)
    return Typed(node: .comprehension(loop), type: resultType)
  }

  /// A placeholder for impossible dispatch mismatches.
  private static let invalid = Typed(node: .failure(CELError("internal checker error")), type: .dyn)

  // MARK: - Optimization

  /// Evaluates a node at compile time when its operands are constants and it succeeds.
  static func fold(_ node: CELNode) -> CELNode {
    guard node.hasOnlyConstantOperands else { return node }
    var evaluator = CELEvaluator(limits: CELLimits(), slotCount: 0)
    if case .value(let value) = evaluator.evaluate(node, CELDictionaryActivation()) {
      return .constant(value)
    }
    return node
  }

  /// Folds, then specializes `x in [constants]`.
  static func optimize(_ node: CELNode) -> CELNode {
    let folded = fold(node)
    if case .binary(.in, let element, .constant(.list(let elements))) = folded {
      return elements.count > 8 ? .inSet(element, Set(elements)) : .inList(element, elements)
    }
    return folded
  }
}

/// A type or resolution error at a 0-based scalar offset.
struct CELCheckError: Error {
  var message: String
  var offset: Int
}
