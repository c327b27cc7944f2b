import TriageCore

/// Reads plain JSON into the same nodes, with the same positions, as ``YAMLStream`` would, several
/// times faster than libyaml (a facts file of a large catalog is a megabyte or more of JSON).
///
/// It is a fast path only: it accepts the JSON whose YAML reading it knows to be identical and
/// throws on anything else (bad syntax, tabs or carriage returns between tokens, escapes YAML
/// lacks, characters YAML forbids, keys YAML would not take as simple keys, limits reached).
/// The caller then reads the text again with ``YAMLStream``, which gives libyaml's own messages.
final class JSONNodeStream: NodeStream {
  let file: String
  private let bytes: [UInt8]
  private let limits: YAMLLimits
  private var index = 0
  private var line = 0
  private var column = 0
  /// Open containers: whether each is an object, how many values it holds, whether a key was read.
  private var stack: [(isObject: Bool, count: Int, awaitingValue: Bool)] = []
  private var rootRead = false
  /// Whether separators before the next token have been consumed.
  private var prepared = false
  /// Where the last key read by ``node()`` began (libyaml takes a key only if its colon is
  /// within 1,024 characters of its start).
  private var keyStart = 0
  private static let maximumKeySpan = 1000

  /// Whether `text` looks like JSON (its first non-blank character opens an object).
  static func looksLikeJSON(_ text: String) -> Bool {
    text.utf8.first { $0 != 0x20 && $0 != 0x0A } == UInt8(ascii: "{")
  }

  init(_ text: String, file: String, limits: YAMLLimits) {
    self.file = file
    self.bytes = Array(text.utf8)
    self.limits = limits
  }

  private func refuse() -> YAMLError {
    YAMLError(message: "not plain JSON", location: SourceLocation(file: file, line: line + 1, column: column + 1))
  }

  private var location: SourceLocation {
    SourceLocation(file: file, line: line + 1, column: column + 1)
  }

  /// Moves past one byte, keeping the line and the column (in characters, as libyaml counts).
  private func advance() {
    let byte = bytes[index]
    index += 1
    if byte == 0x0A {
      line += 1
      column = 0
    } else if byte & 0xC0 != 0x80 {
      column += 1
    }
  }

  private func skipSpaces() {
    while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A { advance() }
  }

  /// Skips spaces on the current line (a key's colon must follow it on its line).
  private func skipBlanks() {
    while index < bytes.count, bytes[index] == 0x20 { advance() }
  }

  private func expect(_ byte: UInt8) throws(YAMLError) {
    guard index < bytes.count, bytes[index] == byte else { throw refuse() }
    advance()
  }

  /// Consumes the separators before the next token: a colon after a key, a comma between values.
  private func prepare() throws(YAMLError) {
    if prepared { return }
    if let top = stack.last, top.awaitingValue {
      // The colon must follow the key on its line, close to its start.
      skipBlanks()
      guard index - keyStart <= Self.maximumKeySpan else { throw refuse() }
      try expect(UInt8(ascii: ":"))
    }
    skipSpaces()
    if let top = stack.last, !top.awaitingValue {
      if top.count > 0, index < bytes.count, bytes[index] != (top.isObject ? 0x7D : 0x5D) {
        try expect(UInt8(ascii: ","))
        skipSpaces()
      }
    }
    prepared = true
  }

  /// Counts a value (or a key) read in the open container.
  private func consumed() {
    prepared = false
    guard let top = stack.last else {
      rootRead = true
      return
    }
    if top.isObject, !top.awaitingValue {
      stack[stack.count - 1].awaitingValue = true
    } else {
      stack[stack.count - 1].awaitingValue = false
      stack[stack.count - 1].count += 1
    }
  }

  private var expectingKey: Bool {
    guard let top = stack.last else { return false }
    return top.isObject && !top.awaitingValue
  }

  func peek() throws(YAMLError) -> YAMLStream.Next {
    try prepare()
    guard index < bytes.count else {
      guard stack.isEmpty else { throw refuse() }
      return .documentEnd
    }
    if stack.isEmpty, rootRead { throw refuse() }
    switch bytes[index] {
    case UInt8(ascii: "{"): return expectingKey ? .scalar : .mappingStart(anchored: false)
    case UInt8(ascii: "["): return expectingKey ? .scalar : .sequenceStart(anchored: false)
    case UInt8(ascii: "}"), UInt8(ascii: "]"):
      guard let top = stack.last, !top.awaitingValue, bytes[index] == (top.isObject ? 0x7D : 0x5D) else {
        throw refuse()
      }
      return .end
    default: return .scalar
    }
  }

  func nextLocation() throws(YAMLError) -> SourceLocation {
    try prepare()
    return location
  }

  func enter() throws(YAMLError) {
    try prepare()
    guard index < bytes.count, bytes[index] == 0x7B || bytes[index] == 0x5B, !expectingKey,
      stack.count + 2 < limits.maximumDepth
    else { throw refuse() }
    stack.append((bytes[index] == 0x7B, 0, false))
    advance()
    prepared = false
  }

  func leave() throws(YAMLError) {
    guard try peek() == .end else { throw refuse() }
    advance()
    stack.removeLast()
    consumed()
  }

  func finish() throws(YAMLError) {
    skipSpaces()
    guard stack.isEmpty, rootRead, index == bytes.count else { throw refuse() }
  }

  func node() throws(YAMLError) -> YAMLNode {
    try prepare()
    let isKey = expectingKey
    if isKey {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw refuse() }
      keyStart = index
    }
    let node = try value(depth: stack.count)
    consumed()
    return node
  }

  /// One complete value.
  private func value(depth: Int) throws(YAMLError) -> YAMLNode {
    // Well inside the depth limit (near it, libyaml's reading decides).
    guard index < bytes.count, depth + 2 < limits.maximumDepth else { throw refuse() }
    let start = location
    switch bytes[index] {
    case UInt8(ascii: "{"):
      advance()
      skipSpaces()
      var pairs: [(key: YAMLNode, value: YAMLNode)] = []
      var weight = 1
      if index < bytes.count, bytes[index] == 0x7D {
        advance()
      } else {
        while true {
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw refuse() }
          let keyFirst = index
          let key = try string()
          skipBlanks()
          guard index - keyFirst <= Self.maximumKeySpan else { throw refuse() }
          try expect(UInt8(ascii: ":"))
          skipSpaces()
          let item = try value(depth: depth + 1)
          weight += 1 + item.weight
          pairs.append((key, item))
          skipSpaces()
          guard index < bytes.count else { throw refuse() }
          if bytes[index] == 0x7D {
            advance()
            break
          }
          try expect(UInt8(ascii: ","))
          skipSpaces()
        }
      }
      return YAMLNode(content: .mapping(pairs), location: start, contentLocation: start, weight: weight)
    case UInt8(ascii: "["):
      advance()
      skipSpaces()
      var items: [YAMLNode] = []
      var weight = 1
      if index < bytes.count, bytes[index] == 0x5D {
        advance()
      } else {
        while true {
          let item = try value(depth: depth + 1)
          weight += item.weight
          items.append(item)
          skipSpaces()
          guard index < bytes.count else { throw refuse() }
          if bytes[index] == 0x5D {
            advance()
            break
          }
          try expect(UInt8(ascii: ","))
          skipSpaces()
        }
      }
      return YAMLNode(content: .sequence(items), location: start, contentLocation: start, weight: weight)
    case UInt8(ascii: "\""):
      return try string()
    default:
      return try plain()
    }
  }

  /// A number, true, false or null, as the plain scalar YAML reads.
  private func plain() throws(YAMLError) -> YAMLNode {
    let start = location
    let first = index
    while index < bytes.count {
      let byte = bytes[index]
      let isNumberPart =
        (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
      let isLetter = (0x61...0x7A).contains(byte)
      guard isNumberPart || isLetter else { break }
      advance()
    }
    guard index - first <= 1000 else { throw refuse() }
    let text = String(decoding: bytes[first..<index], as: UTF8.self)
    guard text == "true" || text == "false" || text == "null" || Self.isJSONNumber(bytes[first..<index]) else {
      throw refuse()
    }
    return YAMLNode(content: .scalar(text, .plain, tag: nil), location: start, contentLocation: start, weight: 1)
  }

  /// Whether the bytes are a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  private static func isJSONNumber(_ text: ArraySlice<UInt8>) -> Bool {
    var index = text.startIndex
    func digits() -> Int {
      let start = index
      while index < text.endIndex, (0x30...0x39).contains(text[index]) { index += 1 }
      return index - start
    }
    if index < text.endIndex, text[index] == UInt8(ascii: "-") { index += 1 }
    guard index < text.endIndex else { return false }
    if text[index] == UInt8(ascii: "0") {
      index += 1
    } else if digits() == 0 {
      return false
    }
    if index < text.endIndex, text[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { return false }
    }
    if index < text.endIndex, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
      index += 1
      if index < text.endIndex, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { return false }
    }
    return index == text.endIndex
  }

  /// A string, as the double-quoted scalar YAML reads (with the positions of its characters
  /// when escapes make its value differ from its text).
  private func string() throws(YAMLError) -> YAMLNode {
    let start = location
    let first = index
    advance()
    // Most strings are plain ASCII without escapes: taken whole.
    var end = index
    while end < bytes.count, bytes[end] >= 0x20, bytes[end] < 0x7F, bytes[end] != 0x22, bytes[end] != 0x5C { end += 1 }
    if end < bytes.count, bytes[end] == 0x22 {
      let text = String(decoding: bytes[index..<end], as: UTF8.self)
      guard text.utf8.count <= limits.maximumScalarLength else { throw refuse() }
      column += end - index + 1
      index = end + 1
      return YAMLNode(
        content: .scalar(text, .doubleQuoted, tag: nil), location: start,
        contentLocation: SourceLocation(file: file, line: start.line, column: start.column + 1), weight: 1)
    }
    var value: [UInt8] = []
    var escaped = false
    while true {
      guard index < bytes.count else { throw refuse() }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") { break }
      guard byte >= 0x20, byte != 0x7F else { throw refuse() }
      if byte == UInt8(ascii: "\\") {
        escaped = true
        advance()
        guard index < bytes.count else { throw refuse() }
        let escape = bytes[index]
        advance()
        switch escape {
        case UInt8(ascii: "\""): value.append(0x22)
        case UInt8(ascii: "\\"): value.append(0x5C)
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "r"): value.append(0x0D)
        case UInt8(ascii: "b"): value.append(0x08)
        case UInt8(ascii: "f"): value.append(0x0C)
        case UInt8(ascii: "u"):
          var code: UInt32 = 0
          for _ in 0..<4 {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else { throw refuse() }
            code = code << 4 | digit
            advance()
          }
          guard let scalar = Unicode.Scalar(code) else { throw refuse() }
          value.append(contentsOf: String(Character(scalar)).utf8)
        default: throw refuse()
        }
        continue
      }
      if byte >= 0x80 {
        // Multi-byte characters: decoded whole, refused where YAML forbids them (C1 controls,
        // U+FEFF inside text, U+FFFE, U+FFFF).
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count,
          let scalar = String(validating: bytes[index..<index + length], as: UTF8.self)?.unicodeScalars.first,
          Self.isPrintable(scalar)
        else { throw refuse() }
        for _ in 0..<length {
          value.append(bytes[index])
          advance()
        }
        continue
      }
      value.append(byte)
      advance()
    }
    advance()
    let text = String(decoding: value, as: UTF8.self)
    guard text.utf8.count <= limits.maximumScalarLength else { throw refuse() }
    let contentLocation = SourceLocation(file: file, line: start.line, column: start.column + 1)
    let positions =
      escaped
      ? bytes.withUnsafeBufferPointer { source in
        ScalarPositions.map(
          value: text, style: .doubleQuoted, source: source, start: first, end: index, at: start)
      } : nil
    return YAMLNode(
      content: .scalar(text, .doubleQuoted, tag: nil), location: start, contentLocation: contentLocation, weight: 1,
      positions: positions)
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: UInt32(byte - 0x30)
    case 0x41...0x46: UInt32(byte - 0x41 + 10)
    case 0x61...0x66: UInt32(byte - 0x61 + 10)
    default: nil
    }
  }

  /// The characters above ASCII that YAML reads as themselves inside a quoted string: printable
  /// ones, less the line breaks NEL, LS and PS (which YAML folds) and the BOM.
  private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    guard value != 0x2028, value != 0x2029, value != 0xFEFF else { return false }
    return (0xA0...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
  }
}
