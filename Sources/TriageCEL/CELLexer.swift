/// Splits CEL source text into tokens.
struct CELLexer {
  /// Words that are not identifiers, though they may be field or method names after a dot.
  static let reservedWords: Set<String> = [
    "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
    "package", "namespace", "return", "var", "void", "while",
  ]

  private let scalars: [Unicode.Scalar]
  private var index = 0

  /// Creates a lexer over the source's Unicode scalars.
  init(scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  /// Tokenizes the whole input; the last token is `.endOfInput`.
  static func tokenize(_ scalars: [Unicode.Scalar]) throws(CELLexError) -> [CELToken] {
    var lexer = CELLexer(scalars: scalars)
    var tokens: [CELToken] = []
    tokens.reserveCapacity(scalars.count / 4 + 2)
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .endOfInput { return tokens }
    }
  }

  /// The text of `range`, whose scalars are all ASCII (digits, letters, signs).
  private func asciiText(_ range: Range<Int>) -> String {
    String(unsafeUninitializedCapacity: range.count) { buffer in
      var offset = 0
      while offset < range.count {
        buffer[offset] = UInt8(truncatingIfNeeded: scalars[range.lowerBound + offset].value)
        offset += 1
      }
      return range.count
    }
  }

  /// The text of `range`, any scalars, encoded straight to UTF-8.
  private func text(_ range: Range<Int>) -> String {
    var length = 0
    for scalar in scalars[range] { length += UTF8.width(scalar) }
    if length == range.count { return asciiText(range) }
    return String(unsafeUninitializedCapacity: length) { buffer in
      var offset = 0
      for scalar in scalars[range] {
        for unit in scalar.utf8 {
          buffer[offset] = unit
          offset += 1
        }
      }
      return length
    }
  }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    let position = index + ahead
    return position < scalars.count ? scalars[position] : nil
  }

  private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
    guard let c else { return false }
    return c.value >= 48 && c.value <= 57
  }

  private static func isIdentifierStart(_ c: Unicode.Scalar?) -> Bool {
    guard let c else { return false }
    return (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_"
  }

  private static func isIdentifierPart(_ c: Unicode.Scalar?) -> Bool {
    isIdentifierStart(c) || isDigit(c)
  }

  private static func hexValue(_ c: Unicode.Scalar?) -> UInt32? {
    guard let c else { return nil }
    switch c.value {
    case 48...57: return c.value - 48
    case 65...70: return c.value - 55
    case 97...102: return c.value - 87
    default: return nil
    }
  }

  private mutating func skipWhitespaceAndComments() {
    while let c = peek() {
      switch c {
      case " ", "\t", "\n", "\r", "\u{0C}":
        index += 1
      case "/" where peek(1) == "/":
        while let d = peek(), d != "\n" {
          index += 1
        }
      default:
        return
      }
    }
  }

  /// Reads the next token.
  mutating func next() throws(CELLexError) -> CELToken {
    skipWhitespaceAndComments()
    let start = index
    guard let c = peek() else { return CELToken(kind: .endOfInput, offset: start) }
    func token(_ kind: CELToken.Kind, length: Int) -> CELToken {
      index += length
      return CELToken(kind: kind, offset: start)
    }
    switch c {
    case "(": return token(.leftParen, length: 1)
    case ")": return token(.rightParen, length: 1)
    case "[": return token(.leftBracket, length: 1)
    case "]": return token(.rightBracket, length: 1)
    case "{": return token(.leftBrace, length: 1)
    case "}": return token(.rightBrace, length: 1)
    case ",": return token(.comma, length: 1)
    case ":": return token(.colon, length: 1)
    case "?": return token(.question, length: 1)
    case "+": return token(.plus, length: 1)
    case "-": return token(.minus, length: 1)
    case "*": return token(.star, length: 1)
    case "/": return token(.slash, length: 1)
    case "%": return token(.percent, length: 1)
    case "!": return peek(1) == "=" ? token(.notEqual, length: 2) : token(.bang, length: 1)
    case "=":
      if peek(1) == "=" { return token(.equal, length: 2) }
      throw CELLexError(message: "unexpected character '='", offset: start)
    case "<": return peek(1) == "=" ? token(.lessEqual, length: 2) : token(.less, length: 1)
    case ">": return peek(1) == "=" ? token(.greaterEqual, length: 2) : token(.greater, length: 1)
    case "&":
      if peek(1) == "&" { return token(.logicalAnd, length: 2) }
      throw CELLexError(message: "unexpected character '&'", offset: start)
    case "|":
      if peek(1) == "|" { return token(.logicalOr, length: 2) }
      throw CELLexError(message: "unexpected character '|'", offset: start)
    case ".":
      if Self.isDigit(peek(1)) { return try number() }
      return token(.dot, length: 1)
    case "\"", "'":
      return try string(raw: false, bytes: false, start: start)
    default:
      break
    }
    if Self.isDigit(c) { return try number() }
    if Self.isIdentifierStart(c) {
      if let literal = try prefixedString(start: start) { return literal }
      var lowercase = true
      while let d = peek(), Self.isIdentifierPart(d) {
        lowercase = lowercase && d.value >= 97 && d.value <= 122
        index += 1
      }
      let name = asciiText(start..<index)
      // Keywords and reserved words are all lowercase letters: anything else skips the lookups.
      guard lowercase else { return CELToken(kind: .identifier(name), offset: start) }
      let kind: CELToken.Kind
      switch name {
      case "true": kind = .trueLiteral
      case "false": kind = .falseLiteral
      case "null": kind = .nullLiteral
      case "in": kind = .keywordIn
      default: kind = Self.reservedWords.contains(name) ? .reserved(name) : .identifier(name)
      }
      return CELToken(kind: kind, offset: start)
    }
    throw CELLexError(message: "unexpected character '\(c.escaped(asASCII: true))'", offset: start)
  }

  /// Lexes `r"..."`, `b'...'`, `rb"""..."""` and similar prefixed literals, or returns `nil`.
  private mutating func prefixedString(start: Int) throws(CELLexError) -> CELToken? {
    var raw = false
    var bytes = false
    var length = 0
    while length < 2, let c = peek(length) {
      if (c == "r" || c == "R") && !raw {
        raw = true
      } else if (c == "b" || c == "B") && !bytes {
        bytes = true
      } else {
        break
      }
      length += 1
    }
    guard length > 0, let quote = peek(length), quote == "\"" || quote == "'" else { return nil }
    index += length
    return try string(raw: raw, bytes: bytes, start: start)
  }

  /// Lexes a quoted literal starting at the opening quote.
  private mutating func string(raw: Bool, bytes: Bool, start: Int) throws(CELLexError) -> CELToken {
    guard let quote = peek() else {
      throw CELLexError(message: "unterminated string literal", offset: start)
    }
    let triple = peek(1) == quote && peek(2) == quote
    index += triple ? 3 : 1
    // Text without escapes is taken as is; `output` collects code points once an escape (or a
    // bytes literal) needs them decoded one by one.
    let contentStart = index
    var verbatim = !bytes
    var contentEnd = index
    var output: [UInt32] = []
    while true {
      guard let c = peek() else {
        throw CELLexError(message: "unterminated string literal", offset: start)
      }
      if c == quote {
        contentEnd = index
        if !triple {
          index += 1
          break
        }
        if peek(1) == quote && peek(2) == quote {
          index += 3
          break
        }
      }
      if !triple && (c == "\n" || c == "\r") {
        throw CELLexError(message: "unterminated string literal", offset: start)
      }
      if c == "\\" && !raw {
        if verbatim {
          verbatim = false
          output = scalars[contentStart..<index].map(\.value)
        }
        output.append(try escape(bytes: bytes))
        continue
      }
      if bytes {
        output.append(contentsOf: String(c).utf8.map { UInt32($0) })
      } else if !verbatim {
        output.append(c.value)
      }
      index += 1
    }
    if verbatim {
      return CELToken(kind: .stringLiteral(text(contentStart..<contentEnd)), offset: start)
    }
    if bytes {
      return CELToken(kind: .bytesLiteral(output.map { UInt8(truncatingIfNeeded: $0) }), offset: start)
    }
    var text = ""
    text.unicodeScalars.reserveCapacity(output.count)
    for value in output {
      guard let scalar = Unicode.Scalar(value) else {
        throw CELLexError(message: "invalid code point in string literal", offset: start)
      }
      text.unicodeScalars.append(scalar)
    }
    return CELToken(kind: .stringLiteral(text), offset: start)
  }

  /// Decodes one escape sequence at the backslash; returns a code point (or byte for bytes).
  private mutating func escape(bytes: Bool) throws(CELLexError) -> UInt32 {
    let start = index
    index += 1
    guard let c = peek() else {
      throw CELLexError(message: "unterminated escape sequence", offset: start)
    }
    index += 1
    switch c {
    case "\\": return 0x5C
    case "?": return 0x3F
    case "\"": return 0x22
    case "'": return 0x27
    case "`": return 0x60
    case "a": return 0x07
    case "b": return 0x08
    case "f": return 0x0C
    case "n": return 0x0A
    case "r": return 0x0D
    case "t": return 0x09
    case "v": return 0x0B
    case "x", "X":
      return try hexDigits(2, start: start)
    case "u", "U":
      if bytes {
        throw CELLexError(message: "unicode escape in bytes literal", offset: start)
      }
      let value = try hexDigits(c == "u" ? 4 : 8, start: start)
      if (0xD800...0xDFFF).contains(value) || value > 0x10FFFF {
        throw CELLexError(message: "invalid unicode code point in escape", offset: start)
      }
      return value
    case "0", "1", "2", "3":
      var value = c.value - 48
      for _ in 0..<2 {
        guard let d = peek(), d.value >= 48 && d.value <= 55 else {
          throw CELLexError(message: "invalid octal escape sequence", offset: start)
        }
        value = value * 8 + d.value - 48
        index += 1
      }
      return value
    default:
      throw CELLexError(
        message: "invalid escape sequence '\\\(c.escaped(asASCII: true))'", offset: start)
    }
  }

  private mutating func hexDigits(_ count: Int, start: Int) throws(CELLexError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<count {
      guard let digit = Self.hexValue(peek()) else {
        throw CELLexError(message: "invalid hex escape sequence", offset: start)
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  /// Lexes an int, uint or double literal.
  private mutating func number() throws(CELLexError) -> CELToken {
    let start = index
    if peek() == "0", peek(1) == "x" || peek(1) == "X" {
      index += 2
      var value: UInt64 = 0
      var digits = 0
      while let digit = Self.hexValue(peek()) {
        let (shifted, overflow) = value.multipliedReportingOverflow(by: 16)
        if overflow {
          throw CELLexError(message: "integer literal out of range", offset: start)
        }
        value = shifted | UInt64(digit)
        digits += 1
        index += 1
      }
      if digits == 0 { throw CELLexError(message: "invalid hex literal", offset: start) }
      return try integerSuffix(value, start: start)
    }
    var isDouble = false
    var value: UInt64? = 0
    while let d = peek(), Self.isDigit(d) {
      value = value.flatMap { Self.appendingDigit(d, to: $0) }
      index += 1
    }
    if peek() == ".", Self.isDigit(peek(1)) {
      isDouble = true
      index += 1
      while Self.isDigit(peek()) { index += 1 }
    }
    if peek() == "e" || peek() == "E" {
      var ahead = 1
      if peek(1) == "+" || peek(1) == "-" { ahead = 2 }
      if Self.isDigit(peek(ahead)) {
        isDouble = true
        index += ahead
        while Self.isDigit(peek()) { index += 1 }
      }
    }
    if isDouble {
      let text = asciiText(start..<index)
      guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
        throw CELLexError(message: "invalid double literal", offset: start)
      }
      return CELToken(kind: .doubleLiteral(value), offset: start)
    }
    guard let value else {
      throw CELLexError(message: "integer literal out of range", offset: start)
    }
    return try integerSuffix(value, start: start)
  }

  /// `value` with decimal digit `digit` appended; nil when it overflows.
  private static func appendingDigit(_ digit: Unicode.Scalar, to value: UInt64) -> UInt64? {
    let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
    let (sum, carry) = shifted.addingReportingOverflow(UInt64(digit.value - 48))
    return overflow || carry ? nil : sum
  }

  private mutating func integerSuffix(_ value: UInt64, start: Int) throws(CELLexError) -> CELToken {
    if peek() == "u" || peek() == "U" {
      index += 1
      return CELToken(kind: .uintLiteral(value), offset: start)
    }
    if Self.isIdentifierPart(peek()) {
      throw CELLexError(message: "invalid number literal", offset: start)
    }
    return CELToken(kind: .intLiteral(value), offset: start)
  }
}

/// A lexical error at a 0-based scalar offset.
struct CELLexError: Error {
  var message: String
  var offset: Int
}
