/// A static CEL type, as deduced by the type checker or declared for a variable.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
  /// Any type; checked at run time.
  case dyn
  /// The type of `null`.
  case null
  /// `bool`.
  case bool
  /// `int`.
  case int
  /// `uint`.
  case uint
  /// `double`.
  case double
  /// `string`.
  case string
  /// `bytes`.
  case bytes
  /// `list(E)`.
  case list(CELType)
  /// `map(K, V)`.
  case map(CELType, CELType)
  /// `google.protobuf.Duration`.
  case duration
  /// `google.protobuf.Timestamp`.
  case timestamp
  /// The type of type values.
  case type

  /// The type in CEL notation, such as `int`, `list(string)` or `map(string, int)`.
  public var description: String {
    switch self {
    case .dyn: return "dyn"
    case .null: return "null_type"
    case .bool: return "bool"
    case .int: return "int"
    case .uint: return "uint"
    case .double: return "double"
    case .string: return "string"
    case .bytes: return "bytes"
    case .list(let element): return "list(\(element))"
    case .map(let key, let value): return "map(\(key), \(value))"
    case .duration: return "google.protobuf.Duration"
    case .timestamp: return "google.protobuf.Timestamp"
    case .type: return "type"
    }
  }

  /// Whether a value of this type could be a value of `other` (`dyn` matches everything).
  public func isAssignable(to other: CELType) -> Bool {
    switch (self, other) {
    case (.dyn, _), (_, .dyn): return true
    case (.list(let a), .list(let b)): return a.isAssignable(to: b)
    case (.map(let ka, let va), .map(let kb, let vb)):
      return ka.isAssignable(to: kb) && va.isAssignable(to: vb)
    default: return self == other
    }
  }

  /// The common type of a sequence of types: the shared type if all agree, else `dyn`.
  static func joined(_ types: some Sequence<CELType>) -> CELType {
    var result: CELType?
    for type in types {
      guard let current = result else {
        result = type
        continue
      }
      if current != type {
        return .dyn
      }
    }
    return result ?? .dyn
  }
}

extension CELType {
  /// Parses a type written in CEL notation, such as `int`, `list(string)`, `map(string, dyn)`,
  /// `duration` or `google.protobuf.Timestamp`; `nil` when not a supported type.
  public init?(parsing text: String) {
    var parser = CELTypeParser(text: Array(text.unicodeScalars))
    guard let type = parser.parseType(), parser.atEnd else { return nil }
    self = type
  }
}

/// A tiny recursive-descent parser for type names.
private struct CELTypeParser {
  let text: [Unicode.Scalar]
  var index = 0
  var depth = 0

  var atEnd: Bool {
    mutating get {
      skipSpaces()
      return index == text.count
    }
  }

  mutating func skipSpaces() {
    while index < text.count, text[index] == " " {
      index += 1
    }
  }

  mutating func consume(_ c: Unicode.Scalar) -> Bool {
    skipSpaces()
    guard index < text.count, text[index] == c else { return false }
    index += 1
    return true
  }

  mutating func parseType() -> CELType? {
    depth += 1
    defer { depth -= 1 }
    guard depth < 64 else { return nil }
    skipSpaces()
    var name = ""
    while index < text.count,
      text[index].properties.isAlphabetic || text[index] == "_" || text[index] == "."
    {
      name.unicodeScalars.append(text[index])
      index += 1
    }
    switch name {
    case "dyn", "any": return .dyn
    case "null", "null_type": return .null
    case "bool": return .bool
    case "int": return .int
    case "uint": return .uint
    case "double": return .double
    case "string": return .string
    case "bytes": return .bytes
    case "duration", "google.protobuf.Duration": return .duration
    case "timestamp", "google.protobuf.Timestamp": return .timestamp
    case "type": return .type
    case "list":
      guard consume("("), let element = parseType(), consume(")") else { return nil }
      return .list(element)
    case "map":
      guard consume("("), let key = parseType(), consume(","), let value = parseType(),
        consume(")")
      else { return nil }
      return .map(key, value)
    default: return nil
    }
  }
}
