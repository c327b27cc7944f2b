/// A runtime value of the CEL expression language.
///
/// `Equatable` and `Hashable` follow CEL equality: numbers compare across `int`, `uint` and
/// `double`, strings compare by Unicode code points without normalization, lists compare
/// element-wise and maps ignore entry order. As with `Double`, NaN is unequal to itself.
public enum CELValue: Sendable, CustomStringConvertible {
  /// The `null` value.
  case null
  /// A boolean.
  case bool(Bool)
  /// A signed 64-bit integer.
  case int(Int64)
  /// An unsigned 64-bit integer.
  case uint(UInt64)
  /// An IEEE 754 double.
  case double(Double)
  /// A Unicode string.
  case string(String)
  /// A byte sequence.
  case bytes([UInt8])
  /// A list of values.
  case list([CELValue])
  /// A map, keyed by `bool`, `int`, `uint` or `string` values.
  case map(CELMap)
  /// A signed span of time (`google.protobuf.Duration`).
  case duration(CELDuration)
  /// A point in time (`google.protobuf.Timestamp`).
  case timestamp(CELTimestamp)
  /// A type value, such as the result of `type(x)`.
  case type(CELType)

  /// The CEL name of the value's type, such as `int`, `list` or `google.protobuf.Duration`.
  public var typeName: String {
    switch self {
    case .null: return "null_type"
    case .bool: return "bool"
    case .int: return "int"
    case .uint: return "uint"
    case .double: return "double"
    case .string: return "string"
    case .bytes: return "bytes"
    case .list: return "list"
    case .map: return "map"
    case .duration: return "google.protobuf.Duration"
    case .timestamp: return "google.protobuf.Timestamp"
    case .type: return "type"
    }
  }

  /// The value written in CEL literal syntax, such as `1`, `2.5`, `"a"` or `duration("1s")`.
  public var description: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .int(let value): return String(value)
    case .uint(let value): return "\(value)u"
    case .double(let value): return CELFormat.doubleLiteral(value)
    case .string(let value): return CELFormat.quoted(value)
    case .bytes(let value): return CELFormat.bytesLiteral(value)
    case .list(let elements):
      return "[" + elements.map(\.description).joined(separator: ", ") + "]"
    case .map(let map):
      return "{"
        + map.entries.map { "\($0.key.description): \($0.value.description)" }
        .joined(separator: ", ") + "}"
    case .duration(let value): return "duration(\(CELFormat.quoted(value.description)))"
    case .timestamp(let value): return "timestamp(\(CELFormat.quoted(value.description)))"
    case .type(let type): return type.description
    }
  }

  /// The most specific static type describing this value.
  public var celType: CELType {
    switch self {
    case .null: return .null
    case .bool: return .bool
    case .int: return .int
    case .uint: return .uint
    case .double: return .double
    case .string: return .string
    case .bytes: return .bytes
    case .list(let elements):
      return .list(CELType.joined(elements.lazy.map(\.celType)))
    case .map(let map):
      return .map(
        CELType.joined(map.entries.lazy.map(\.key.celType)),
        CELType.joined(map.entries.lazy.map(\.value.celType)))
    case .duration: return .duration
    case .timestamp: return .timestamp
    case .type: return .type
    }
  }
}
