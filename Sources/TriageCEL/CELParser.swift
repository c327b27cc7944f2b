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

  private func node(_ kind: CELExpr.Kind, _ offset: Int, _ children: [CELExpr]) throws(CELParseError)
    -> CELExpr
  {
    let expr = CELExpr(kind, offset: offset, children: children)
    if expr.depth > maxDepth {
      throw CELParseError(
        message: "expression nesting exceeds the maximum depth of \(maxDepth)", offset: offset)
    }
    return expr
  }

  // MARK: - Expressions

  private mutating func expression() throws(CELParseError) -> CELExpr {
    recursion += 1
    defer { recursion -= 1 }
    if recursion > maxDepth {
      throw CELParseError(
        message: "expression nesting exceeds the maximum depth of \(maxDepth)",
        offset: current.offset)
    }
    let condition = try logical(or: true)
    guard current.kind == .question else { return condition }
    let question = advance()
    let whenTrue = try logical(or: true)
    _ = try expect(.colon, ":")
    let whenFalse = try expression()
    return try node(
      .conditional(condition, whenTrue, whenFalse), question.offset,
      [condition, whenTrue, whenFalse])
  }

  /// Parses an n-ary `||` (when `or`) or `&&` chain.
  private mutating func logical(or: Bool) throws(CELParseError) -> CELExpr {
    let first = or ? try logical(or: false) : try binary(minPrecedence: 1)
    let operatorKind: CELToken.Kind = or ? .logicalOr : .logicalAnd
    guard current.kind == operatorKind else { return first }
    let offset = current.offset
    var operands = [first]
    while current.kind == operatorKind {
      _ = advance()
      operands.append(or ? try logical(or: false) : try binary(minPrecedence: 1))
    }
    // A balanced depth: n-ary nodes do not nest.
    return try node(or ? .or(operands) : .and(operands), offset, operands)
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
      let op = advance()
      let right = try binary(minPrecedence: precedence + 1)
      left = try node(.call(name: name, target: nil, args: [left, right]), op.offset, [left, right])
    }
    return left
  }

  private mutating func unary() throws(CELParseError) -> CELExpr {
    let start = current
    switch start.kind {
    case .minus:
      var count = 0
      while current.kind == .minus {
        _ = advance()
        count += 1
      }
      if count == 1 {
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
          return try member(try node(.literal(.int(value)), start.offset, []))
        case .doubleLiteral(let magnitude):
          _ = advance()
          return try member(try node(.literal(.double(-magnitude)), start.offset, []))
        default:
          break
        }
      }
      let operand = try member(try primary())
      if count % 2 == 0 { return operand }
      return try node(.call(name: "-_", target: nil, args: [operand]), start.offset, [operand])
    case .bang:
      var count = 0
      while current.kind == .bang {
        _ = advance()
        count += 1
      }
      let operand = try member(try primary())
      if count % 2 == 0 { return operand }
      return try node(.call(name: "!_", target: nil, args: [operand]), start.offset, [operand])
    default:
      return try member(try primary())
    }
  }

  /// Parses selections, method calls and indexing after a primary expression.
  private mutating func member(_ base: CELExpr) throws(CELParseError) -> CELExpr {
    var expr = base
    while true {
      switch current.kind {
      case .dot:
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
          expr = try call(name: name, target: expr, args: args, offset: open.offset)
        } else {
          expr = try node(.select(expr, field: name, testOnly: false), dot.offset, [expr])
        }
      case .leftBracket:
        let open = advance()
        let index = try expression()
        _ = try expect(.rightBracket, "]")
        expr = try node(.call(name: "_[_]", target: nil, args: [expr, index]), open.offset, [expr, index])
      default:
        return expr
      }
    }
  }

  private mutating func primary() throws(CELParseError) -> CELExpr {
    let token = advance()
    switch token.kind {
    case .intLiteral(let magnitude):
      guard let value = Int64(exactly: magnitude) else {
        throw CELParseError(message: "integer literal out of range", offset: token.offset)
      }
      return try node(.literal(.int(value)), token.offset, [])
    case .uintLiteral(let value): return try node(.literal(.uint(value)), token.offset, [])
    case .doubleLiteral(let value): return try node(.literal(.double(value)), token.offset, [])
    case .stringLiteral(let value): return try node(.literal(.string(value)), token.offset, [])
    case .bytesLiteral(let value): return try node(.literal(.bytes(value)), token.offset, [])
    case .trueLiteral: return try node(.literal(.bool(true)), token.offset, [])
    case .falseLiteral: return try node(.literal(.bool(false)), token.offset, [])
    case .nullLiteral: return try node(.literal(.null), token.offset, [])
    case .dot:
      let nameToken = advance()
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
      return try node(.identifier(name, rooted: true), token.offset, [])
    case .identifier(let name):
      if current.kind == .leftParen {
        let open = advance()
        let args = try expressionList(closing: .rightParen, ")")
        return try call(name: name, target: nil, args: args, offset: open.offset)
      }
      if current.kind == .leftBrace {
        throw CELParseError(
          message: "message construction is not supported", offset: current.offset)
      }
      return try node(.identifier(name, rooted: false), token.offset, [])
    case .reserved(let name):
      throw CELParseError(message: "reserved identifier '\(name)'", offset: token.offset)
    case .leftParen:
      let inner = try expression()
      _ = try expect(.rightParen, ")")
      return inner
    case .leftBracket:
      let elements = try expressionList(closing: .rightBracket, "]", allowTrailingComma: true)
      return try node(.list(elements), token.offset, elements)
    case .leftBrace:
      return try mapLiteral(offset: token.offset)
    case .endOfInput:
      throw CELParseError(message: "unexpected end of input", offset: token.offset)
    default:
      throw CELParseError(message: "unexpected token '\(token.text)'", offset: token.offset)
    }
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

  private mutating func mapLiteral(offset: Int) throws(CELParseError) -> CELExpr {
    var entries: [(key: CELExpr, value: CELExpr)] = []
    var children: [CELExpr] = []
    if current.kind == .rightBrace {
      _ = advance()
      return try node(.map([]), offset, [])
    }
    while true {
      let key = try expression()
      _ = try expect(.colon, ":")
      let value = try expression()
      entries.append((key, value))
      children.append(key)
      children.append(value)
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
    return try node(.map(entries), offset, children)
  }

  /// Builds a call node, expanding macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`).
  private func call(name: String, target: CELExpr?, args: [CELExpr], offset: Int) throws(CELParseError)
    -> CELExpr
  {
    if target == nil, name == "has", args.count == 1 {
      guard case .select(let operand, let field, false) = args[0].kind else {
        throw CELParseError(message: "invalid argument to has() macro", offset: args[0].offset)
      }
      return try node(.select(operand, field: field, testOnly: true), offset, [operand])
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
          .macro(macro, range: target, variable: variable, args: rest), offset, [target] + rest)
      }
    }
    var children = args
    if let target { children.append(target) }
    return try node(.call(name: name, target: target, args: args), offset, children)
  }
}

/// A syntax error at a 0-based scalar offset.
struct CELParseError: Error {
  var message: String
  var offset: Int
}
