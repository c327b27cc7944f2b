/// A recursive-descent (precedence climbing) parser producing `CELExpr` trees.
///
/// Recursion depth and tree height are bounded by `CELLimits.maxNestingDepth`, so hostile input
/// produces an error instead of exhausting the stack.
struct CELParser {
  private let tokens: [CELToken]
  private var position = 0
  private var recursion = 0
  private let maxDepth: Int

  /// Parses `scalars` into an expression tree.
  static func parse(_ scalars: [Unicode.Scalar], maxDepth: Int) throws(CELParseError) -> CELExpr {
    let tokens: [CELToken]
    do {
      tokens = try CELLexer.tokenize(scalars)
    } catch {
      throw CELParseError(message: error.message, offset: error.offset)
    }
    var parser = CELParser(tokens: tokens, maxDepth: maxDepth)
    let expr = try parser.expression()
    let token = parser.current
    if token.kind != .endOfInput {
      throw CELParseError(message: "unexpected token '\(token.text)'", offset: token.offset)
    }
    return expr
  }

  private init(tokens: [CELToken], maxDepth: Int) {
    self.tokens = tokens
    self.maxDepth = maxDepth
  }

  private var current: CELToken { tokens[position] }

  private func peekKind(_ ahead: Int = 1) -> CELToken.Kind {
    let index = min(position + ahead, tokens.count - 1)
    return tokens[index].kind
  }

  private mutating func advance() -> CELToken {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  private mutating func expect(_ kind: CELToken.Kind, _ what: String) throws(CELParseError) -> CELToken {
    guard current.kind == kind else {
      let found = current.kind == .endOfInput ? "end of input" : "token '\(current.text)'"
      throw CELParseError(message: "unexpected \(found), expected '\(what)'", offset: current.offset)
    }
    return advance()
  }

  private func node(_ kind: CELExpr.Kind, _ offset: Int) throws(CELParseError) -> CELExpr {
    let expr = CELExpr(kind, offset: offset)
    if expr.depth > maxDepth { throw tooDeep(offset) }
    return expr
  }

  private func tooDeep(_ offset: Int) -> CELParseError {
    CELParseError(
      message: "expression nesting exceeds the maximum depth of \(maxDepth)", offset: offset)
  }

  // MARK: - Expressions
  //
  // The functions on the recursive path (expression, logical, binary, unary, member, primary)
  // stay small and delegate to helpers, so each nesting level costs little stack even in
  // unoptimized builds.

  private mutating func expression() throws(CELParseError) -> CELExpr {
    recursion += 1
    defer { recursion -= 1 }
    if recursion > maxDepth { throw tooDeep(current.offset) }
    let condition = try logical(or: true)
    guard current.kind == .question else { return condition }
    return try conditionalTail(condition)
  }

  private mutating func conditionalTail(_ condition: CELExpr) throws(CELParseError) -> CELExpr {
    let question = advance()
    let whenTrue = try logical(or: true)
    _ = try expect(.colon, ":")
    let whenFalse = try expression()
    return try node(
      .conditional(condition, whenTrue, whenFalse), question.offset)
  }

  /// Parses an n-ary `||` (when `or`) or `&&` chain.
  private mutating func logical(or: Bool) throws(CELParseError) -> CELExpr {
    let first = or ? try logical(or: false) : try binary(minPrecedence: 1)
    guard current.kind == (or ? .logicalOr : .logicalAnd) else { return first }
    return try logicalTail(first, or: or)
  }

  private mutating func logicalTail(_ first: CELExpr, or: Bool) throws(CELParseError) -> CELExpr {
    let operatorKind: CELToken.Kind = or ? .logicalOr : .logicalAnd
    let offset = current.offset
    var operands: [CELExpr] = []
    operands.reserveCapacity(4)
    operands.append(first)
    while current.kind == operatorKind {
      _ = advance()
      operands.append(or ? try logical(or: false) : try binary(minPrecedence: 1))
    }
    // N-ary nodes keep long chains shallow.
    return try node(or ? .or(operands) : .and(operands), offset)
  }

  private static func binaryOperator(_ kind: CELToken.Kind) -> (name: String, precedence: Int)? {
    switch kind {
    case .equal: return ("_==_", 1)
    case .notEqual: return ("_!=_", 1)
    case .less: return ("_<_", 1)
    case .lessEqual: return ("_<=_", 1)
    case .greater: return ("_>_", 1)
    case .greaterEqual: return ("_>=_", 1)
    case .keywordIn: return ("@in", 1)
    case .plus: return ("_+_", 2)
    case .minus: return ("_-_", 2)
    case .star: return ("_*_", 3)
    case .slash: return ("_/_", 3)
    case .percent: return ("_%_", 3)
    default: return nil
    }
  }

  /// Left-associative binary operators by precedence climbing.
  private mutating func binary(minPrecedence: Int) throws(CELParseError) -> CELExpr {
    var left = try unary()
    while let (name, precedence) = Self.binaryOperator(current.kind), precedence >= minPrecedence {
      let offset = advance().offset
      let right = try binary(minPrecedence: precedence + 1)
      left = try binaryNode(name, left, right, offset)
    }
    return left
  }

  private func binaryNode(_ name: String, _ left: CELExpr, _ right: CELExpr, _ offset: Int)
    throws(CELParseError) -> CELExpr
  {
    try node(.call(name: name, target: nil, args: [left, right]), offset)
  }

  private mutating func unary() throws(CELParseError) -> CELExpr {
    switch current.kind {
    case .minus, .bang: return try prefixed()
    default: return try member(try primary())
    }
  }

  /// Parses `-` or `!` runs; an even count cancels out and `-` directly before a number literal
  /// is the literal's sign (so `-9223372036854775808` is valid).
  private mutating func prefixed() throws(CELParseError) -> CELExpr {
    let start = current
    var count = 0
    while current.kind == start.kind {
      _ = advance()
      count += 1
    }
    if start.kind == .minus, count == 1, let literal = try negativeLiteral(start.offset) {
      return try member(literal)
    }
    let operand = try member(try primary())
    if count % 2 == 0 { return operand }
    let name = start.kind == .minus ? "-_" : "!_"
    return try node(.call(name: name, target: nil, args: [operand]), start.offset)
  }

  private mutating func negativeLiteral(_ offset: Int) throws(CELParseError) -> CELExpr? {
    switch current.kind {
    case .intLiteral(let magnitude):
      let token = advance()
      let value: Int64
      if magnitude == UInt64(Int64.max) + 1 {
        value = Int64.min
      } else if let signed = Int64(exactly: magnitude) {
        value = -signed
      } else {
        throw CELParseError(message: "integer literal out of range", offset: token.offset)
      }
      return try node(.literal(.int(value)), offset)
    case .doubleLiteral(let magnitude):
      _ = advance()
      return try node(.literal(.double(-magnitude)), offset)
    default:
      return nil
    }
  }

  /// Parses selections, method calls and indexing after a primary expression.
  private mutating func member(_ base: CELExpr) throws(CELParseError) -> CELExpr {
    var expr = base
    while true {
      switch current.kind {
      case .dot: expr = try selectOrMethod(expr)
      case .leftBracket: expr = try index(expr)
      default: return expr
      }
    }
  }

  private mutating func selectOrMethod(_ operand: CELExpr) throws(CELParseError) -> CELExpr {
    let dot = advance()
    let nameToken = advance()
    let name: String
    switch nameToken.kind {
    case .identifier(let text), .reserved(let text): name = text
    case .trueLiteral, .falseLiteral, .nullLiteral, .keywordIn: name = nameToken.text
    default:
      throw CELParseError(
        message: "unexpected token '\(nameToken.text)', expected a field or method name",
        offset: nameToken.offset)
    }
    if current.kind == .leftParen {
      let open = advance()
      let args = try expressionList(closing: .rightParen, ")")
      return try call(name: name, target: operand, args: args, offset: open.offset)
    }
    return try node(.select(operand, field: name, testOnly: false), dot.offset)
  }

  private mutating func index(_ operand: CELExpr) throws(CELParseError) -> CELExpr {
    let open = advance()
    let index = try expression()
    _ = try expect(.rightBracket, "]")
    return try node(
      .call(name: "_[_]", target: nil, args: [operand, index]), open.offset)
  }

  private mutating func primary() throws(CELParseError) -> CELExpr {
    switch current.kind {
    case .identifier: return try identifierOrCall(rooted: false)
    case .dot: return try identifierOrCall(rooted: true)
    case .leftParen: return try parenthesized()
    case .leftBracket: return try listLiteral()
    case .leftBrace: return try mapLiteral()
    default: return try literal()
    }
  }

  private mutating func literal() throws(CELParseError) -> CELExpr {
    let token = advance()
    let value: CELValue
    switch token.kind {
    case .intLiteral(let magnitude):
      guard let signed = Int64(exactly: magnitude) else {
        throw CELParseError(message: "integer literal out of range", offset: token.offset)
      }
      value = .int(signed)
    case .uintLiteral(let number): value = .uint(number)
    case .doubleLiteral(let number): value = .double(number)
    case .stringLiteral(let text): value = .string(text)
    case .bytesLiteral(let bytes): value = .bytes(bytes)
    case .trueLiteral: value = .bool(true)
    case .falseLiteral: value = .bool(false)
    case .nullLiteral: value = .null
    case .reserved(let name):
      throw CELParseError(message: "reserved identifier '\(name)'", offset: token.offset)
    case .endOfInput:
      throw CELParseError(message: "unexpected end of input", offset: token.offset)
    default:
      throw CELParseError(message: "unexpected token '\(token.text)'", offset: token.offset)
    }
    return try node(.literal(value), token.offset)
  }

  private mutating func identifierOrCall(rooted: Bool) throws(CELParseError) -> CELExpr {
    let start = advance()
    let nameToken = rooted ? advance() : start
    guard case .identifier(let name) = nameToken.kind else {
      throw CELParseError(
        message: "unexpected token '\(nameToken.text)', expected an identifier",
        offset: nameToken.offset)
    }
    if current.kind == .leftParen {
      let open = advance()
      let args = try expressionList(closing: .rightParen, ")")
      return try call(name: name, target: nil, args: args, offset: open.offset)
    }
    if current.kind == .leftBrace {
      throw CELParseError(message: "message construction is not supported", offset: current.offset)
    }
    return try node(.identifier(name, rooted: rooted), start.offset)
  }

  private mutating func parenthesized() throws(CELParseError) -> CELExpr {
    _ = advance()
    let inner = try expression()
    _ = try expect(.rightParen, ")")
    return inner
  }

  private mutating func listLiteral() throws(CELParseError) -> CELExpr {
    let open = advance()
    let elements = try expressionList(closing: .rightBracket, "]", allowTrailingComma: true)
    return try node(.list(elements), open.offset)
  }

  private mutating func expressionList(
    closing: CELToken.Kind, _ closingText: String, allowTrailingComma: Bool = false
  ) throws(CELParseError) -> [CELExpr] {
    var items: [CELExpr] = []
    if current.kind == closing {
      _ = advance()
      return items
    }
    while true {
      items.append(try expression())
      if current.kind == .comma {
        _ = advance()
        if allowTrailingComma && current.kind == closing {
          _ = advance()
          return items
        }
        continue
      }
      _ = try expect(closing, closingText)
      return items
    }
  }

  private mutating func mapLiteral() throws(CELParseError) -> CELExpr {
    let offset = advance().offset
    var entries: [(key: CELExpr, value: CELExpr)] = []
    if current.kind == .rightBrace {
      _ = advance()
      return try node(.map([]), offset)
    }
    while true {
      let key = try expression()
      _ = try expect(.colon, ":")
      let value = try expression()
      entries.append((key, value))
      if current.kind == .comma {
        _ = advance()
        if current.kind == .rightBrace {
          _ = advance()
          break
        }
        continue
      }
      _ = try expect(.rightBrace, "}")
      break
    }
    return try node(.map(entries), offset)
  }

  /// Builds a call node, expanding macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`).
  private func call(name: String, target: CELExpr?, args: [CELExpr], offset: Int) throws(CELParseError)
    -> CELExpr
  {
    if target == nil, name == "has", args.count == 1 {
      guard case .select(let operand, let field, false) = args[0].kind else {
        throw CELParseError(message: "invalid argument to has() macro", offset: args[0].offset)
      }
      return try node(.select(operand, field: field, testOnly: true), offset)
    }
    if let target, let macro = CELExpr.Macro(rawValue: name) {
      let arity = macro == .map ? [2, 3] : [2]
      if arity.contains(args.count) {
        guard case .identifier(let variable, false) = args[0].kind else {
          throw CELParseError(
            message: "argument to \(name)() must be a simple name", offset: args[0].offset)
        }
        let rest = Array(args.dropFirst())
        return try node(
          .macro(macro, range: target, variable: variable, args: rest), offset)
      }
    }
    return try node(.call(name: name, target: target, args: args), offset)
  }
}

/// A syntax error at a 0-based scalar offset.
struct CELParseError: Error {
  var message: String
  var offset: Int
}
