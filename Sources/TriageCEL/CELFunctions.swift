/// Run-time implementations of the built-in functions.
enum CELFunctions {
  /// Applies a one-argument built-in.
  static func apply(_ builtin: CELBuiltin, _ arg: CELValue, limits: CELLimits) -> CELOutcome {
    switch builtin {
    case .size:
      switch arg {
      case .string(let text): return .value(.int(Int64(CELStrings.size(text))))
      case .bytes(let bytes): return .value(.int(Int64(bytes.count)))
      case .list(let elements): return .value(.int(Int64(elements.count)))
      case .map(let map): return .value(.int(Int64(map.count)))
      default: break
      }
    case .toInt: return CELConversions.toInt(arg)
    case .toUInt: return CELConversions.toUInt(arg)
    case .toDouble: return CELConversions.toDouble(arg)
    case .toString: return CELConversions.toString(arg)
    case .toBool: return CELConversions.toBool(arg)
    case .toBytes: return CELConversions.toBytes(arg)
    case .toDuration: return CELConversions.toDuration(arg)
    case .toTimestamp: return CELConversions.toTimestamp(arg)
    case .dyn: return .value(arg)
    case .typeOf:
      switch arg {
      case .list: return .value(.type(.list(.dyn)))
      case .map: return .value(.type(.map(.dyn, .dyn)))
      default: return .value(.type(arg.celType))
      }
    case .timeField(let field):
      switch arg {
      case .timestamp(let timestamp): return CELTimeAccessors.get(field, of: timestamp, zone: nil)
      case .duration(let duration):
        if let value = CELTimeAccessors.get(field, of: duration) { return .value(.int(value)) }
      default: break
      }
    case .contains, .startsWith, .endsWith, .matches:
      break
    }
    return .error(.noMatchingOverload(builtin.name, [arg]))
  }

  /// Applies a two-argument built-in (receiver first).
  static func apply(_ builtin: CELBuiltin, _ first: CELValue, _ second: CELValue, limits: CELLimits)
    -> CELOutcome
  {
    switch (builtin, first, second) {
    case (.contains, .string(let text), .string(let part)):
      return .value(.bool(CELStrings.contains(text, part)))
    case (.startsWith, .string(let text), .string(let prefix)):
      return .value(.bool(CELStrings.hasPrefix(text, prefix)))
    case (.endsWith, .string(let text), .string(let suffix)):
      return .value(.bool(CELStrings.hasSuffix(text, suffix)))
    case (.matches, .string(let text), .string(let pattern)):
      let regex: CELRegex
      do {
        regex = try CELRegex(pattern, maxLength: limits.maxRegexPatternLength)
      } catch {
        return .error(CELError("invalid regular expression: \(error.message)"))
      }
      return regex.evaluate(text, limits: limits).0
    case (.timeField(let field), .timestamp(let timestamp), .string(let zone)):
      return CELTimeAccessors.get(field, of: timestamp, zone: zone)
    default:
      return .error(.noMatchingOverload(builtin.name, [first, second]))
    }
  }
}
