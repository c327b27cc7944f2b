import TriageCEL

/// A small JSON parser producing CEL values; objects keep their key order (reports stay
/// deterministic), integers that fit stay `int`, other numbers become `double`.
struct JSONParser {
  /// Why the text is not JSON.
  struct Failure: Error, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { "\(message) at byte \(offset)" }
  }

  /// Nesting deeper than this is rejected.
  static let maximumDepth = 128

  private let bytes: [UInt8]
  private var position = 0

  private init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Parses one JSON value (surrounding whitespace allowed).
  static func parse(_ bytes: [UInt8]) throws(Failure) -> CELValue {
    var parser = JSONParser(bytes)
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.position == bytes.count else { throw parser.failure("unexpected text after the value") }
    return value
  }

  private func failure(_ message: String) -> Failure { Failure(message: message, offset: position) }

  private mutating func skipWhitespace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  private mutating func value(depth: Int) throws(Failure) -> CELValue {
    guard depth < Self.maximumDepth else { throw failure("nesting too deep") }
    skipWhitespace()
    guard position < bytes.count else { throw failure("unexpected end") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: return try number()
    }
  }

  private mutating func literal(_ word: String, _ value: CELValue) throws(Failure) -> CELValue {
    let expected = Array(word.utf8)
    guard bytes.count - position >= expected.count, Array(bytes[position..<(position + expected.count)]) == expected
    else { throw failure("invalid literal") }
    position += expected.count
    return value
  }

  private mutating func object(depth: Int) throws(Failure) -> CELValue {
    position += 1
    var entries: [(CELValue, CELValue)] = []
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .map(CELMap(entries))
    }
    while true {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key") }
      let key = try string()
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
      position += 1
      entries.append((.string(key), try value(depth: depth + 1)))
      skipWhitespace()
      guard position < bytes.count else { throw failure("unexpected end") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .map(CELMap(entries))
      } else {
        throw failure("expected ',' or '}'")
      }
    }
  }

  private mutating func array(depth: Int) throws(Failure) -> CELValue {
    position += 1
    var items: [CELValue] = []
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .list(items)
    }
    while true {
      items.append(try value(depth: depth + 1))
      skipWhitespace()
      guard position < bytes.count else { throw failure("unexpected end") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .list(items)
      } else {
        throw failure("expected ',' or ']'")
      }
    }
  }

  private mutating func string() throws(Failure) -> String {
    position += 1
    var output: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: output, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard position < bytes.count else { throw failure("unexpected end") }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "u"): output += Array(String(try unicodeEscape()).utf8)
        default: output.append(escape)
        }
      case 0..<0x20:
        throw failure("control character in string")
      default:
        output.append(byte)
      }
    }
    throw failure("unterminated string")
  }

  private mutating func hexQuad() throws(Failure) -> UInt32 {
    guard bytes.count - position >= 4,
      let value = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
    else { throw failure("invalid \\u escape") }
    position += 4
    return value
  }

  private mutating func unicodeEscape() throws(Failure) -> Character {
    var scalar = try hexQuad()
    if (0xD800..<0xDC00).contains(scalar), bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
      bytes[position + 1] == UInt8(ascii: "u")
    {
      position += 2
      let low = try hexQuad()
      if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) }
    }
    return Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")
  }

  private mutating func number() throws(Failure) -> CELValue {
    let start = position
    var isInteger = true
    while position < bytes.count {
      let byte = bytes[position]
      if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") {
        position += 1
      } else if [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+")].contains(byte) {
        isInteger = false
        position += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if isInteger, let integer = Int64(text) { return .int(integer) }
    guard !text.isEmpty, let double = Double(text) else {
      position = start
      throw failure("invalid value")
    }
    return .double(double)
  }
}
