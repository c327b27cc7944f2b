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
