/// A lexical token of a CEL expression.
struct CELToken: Sendable {
  /// The token kinds.
  enum Kind: Sendable, Equatable {
    case identifier(String)
    case intLiteral(UInt64)
    case uintLiteral(UInt64)
    case doubleLiteral(Double)
    case stringLiteral(String)
    case bytesLiteral([UInt8])
    case trueLiteral, falseLiteral, nullLiteral
    case keywordIn
    /// A reserved word that cannot be an identifier (but can follow a dot).
    case reserved(String)
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case dot, comma, colon, question
    case plus, minus, star, slash, percent
    case bang, equal, notEqual, less, lessEqual, greater, greaterEqual
    case logicalAnd, logicalOr
    case endOfInput
  }

  var kind: Kind
  /// 0-based Unicode scalar offset of the token's first scalar.
  var offset: Int

  /// The token as written, for error messages.
  var text: String {
    switch kind {
    case .identifier(let name), .reserved(let name): return name
    case .intLiteral(let value): return String(value)
    case .uintLiteral(let value): return "\(value)u"
    case .doubleLiteral(let value): return CELFormat.doubleLiteral(value)
    case .stringLiteral(let value): return CELFormat.quoted(value)
    case .bytesLiteral(let value): return CELFormat.bytesLiteral(value)
    case .trueLiteral: return "true"
    case .falseLiteral: return "false"
    case .nullLiteral: return "null"
    case .keywordIn: return "in"
    case .leftParen: return "("
    case .rightParen: return ")"
    case .leftBracket: return "["
    case .rightBracket: return "]"
    case .leftBrace: return "{"
    case .rightBrace: return "}"
    case .dot: return "."
    case .comma: return ","
    case .colon: return ":"
    case .question: return "?"
    case .plus: return "+"
    case .minus: return "-"
    case .star: return "*"
    case .slash: return "/"
    case .percent: return "%"
    case .bang: return "!"
    case .equal: return "=="
    case .notEqual: return "!="
    case .less: return "<"
    case .lessEqual: return "<="
    case .greater: return ">"
    case .greaterEqual: return ">="
    case .logicalAnd: return "&&"
    case .logicalOr: return "||"
    case .endOfInput: return "end of input"
    }
  }
}
