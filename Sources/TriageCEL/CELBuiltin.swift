/// The built-in functions, resolved by name, call style and arity at compile time.
enum CELBuiltin: Sendable, Hashable {
  case size
  case contains, startsWith, endsWith, matches
  case toInt, toUInt, toDouble, toString, toBool, toBytes, toDuration, toTimestamp, dyn
  /// `type(x)`: the type of a value, as a type value.
  case typeOf
  /// A timestamp or duration accessor such as `getHours`; an optional argument is a time zone.
  case timeField(CELTimeField)

  /// The CEL function name.
  var name: String {
    switch self {
    case .size: return "size"
    case .contains: return "contains"
    case .startsWith: return "startsWith"
    case .endsWith: return "endsWith"
    case .matches: return "matches"
    case .toInt: return "int"
    case .toUInt: return "uint"
    case .toDouble: return "double"
    case .toString: return "string"
    case .toBool: return "bool"
    case .toBytes: return "bytes"
    case .toDuration: return "duration"
    case .toTimestamp: return "timestamp"
    case .dyn: return "dyn"
    case .typeOf: return "type"
    case .timeField(let field): return field.rawValue
    }
  }

  /// Whether any built-in has this name (in any style or arity).
  static func isKnownName(_ name: String) -> Bool {
    lookup(name: name, receiver: false, arity: 1) != nil
      || lookup(name: name, receiver: true, arity: 1) != nil
      || lookup(name: name, receiver: true, arity: 2) != nil
  }

  /// The built-in called `name` in the given style with `arity` arguments (receiver included).
  static func lookup(name: String, receiver: Bool, arity: Int) -> CELBuiltin? {
    switch (name, receiver, arity) {
    case ("size", _, 1): return .size
    case ("contains", true, 2): return .contains
    case ("startsWith", true, 2): return .startsWith
    case ("endsWith", true, 2): return .endsWith
    case ("matches", _, 2): return .matches
    case ("int", false, 1): return .toInt
    case ("uint", false, 1): return .toUInt
    case ("double", false, 1): return .toDouble
    case ("string", false, 1): return .toString
    case ("bool", false, 1): return .toBool
    case ("bytes", false, 1): return .toBytes
    case ("duration", false, 1): return .toDuration
    case ("timestamp", false, 1): return .toTimestamp
    case ("dyn", false, 1): return .dyn
    case ("type", false, 1): return .typeOf
    default:
      if receiver, arity == 1 || arity == 2, let field = CELTimeField(rawValue: name) {
        return .timeField(field)
      }
      return nil
    }
  }

  /// The result type for arguments of the given types, or `nil` when no overload can match.
  func resultType(_ args: [CELType]) -> CELType? {
    func accepts(_ type: CELType, _ allowed: [CELType]) -> Bool {
      type == .dyn || allowed.contains(type)
        || allowed.contains { allowedType in
          switch (allowedType, type) {
          case (.list, .list), (.map, .map): return true
          default: return false
          }
        }
    }
    let first = args.first ?? .dyn
    switch self {
    case .size:
      return accepts(first, [.string, .bytes, .list(.dyn), .map(.dyn, .dyn)]) ? .int : nil
    case .contains, .startsWith, .endsWith, .matches:
      return args.allSatisfy { accepts($0, [.string]) } ? .bool : nil
    case .toInt: return accepts(first, [.int, .uint, .double, .string, .timestamp]) ? .int : nil
    case .toUInt: return accepts(first, [.int, .uint, .double, .string]) ? .uint : nil
    case .toDouble: return accepts(first, [.int, .uint, .double, .string]) ? .double : nil
    case .toString:
      return accepts(first, [.int, .uint, .double, .string, .bool, .bytes, .timestamp, .duration])
        ? .string : nil
    case .toBool: return accepts(first, [.bool, .string]) ? .bool : nil
    case .toBytes: return accepts(first, [.bytes, .string]) ? .bytes : nil
    case .toDuration: return accepts(first, [.string, .duration]) ? .duration : nil
    case .toTimestamp: return accepts(first, [.string, .timestamp, .int]) ? .timestamp : nil
    case .dyn: return .dyn
    case .typeOf: return .type
    case .timeField(let field):
      if args.count == 2 {
        return accepts(first, [.timestamp]) && accepts(args[1], [.string]) ? .int : nil
      }
      return accepts(first, field.acceptsDuration ? [.timestamp, .duration] : [.timestamp])
        ? .int : nil
    }
  }
}

/// The timestamp and duration accessor functions.
enum CELTimeField: String, Sendable, Hashable, CaseIterable {
  case fullYear = "getFullYear"
  case month = "getMonth"
  case date = "getDate"
  case dayOfMonth = "getDayOfMonth"
  case dayOfWeek = "getDayOfWeek"
  case dayOfYear = "getDayOfYear"
  case hours = "getHours"
  case minutes = "getMinutes"
  case seconds = "getSeconds"
  case milliseconds = "getMilliseconds"

  /// Whether the accessor also applies to durations.
  var acceptsDuration: Bool {
    switch self {
    case .hours, .minutes, .seconds, .milliseconds: return true
    default: return false
    }
  }
}
