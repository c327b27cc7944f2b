import TriageCEL

/// The declared type of a fact or input, as written in a runbook (`type: int`).
public enum FactType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case bool, int, double, string, duration, timestamp, list, map, dyn

  /// The CEL type the checker assumes for a fact of this type.
  public var celType: CELType {
    switch self {
    case .bool: .bool
    case .int: .int
    case .double: .double
    case .string: .string
    case .duration: .duration
    case .timestamp: .timestamp
    case .list: .list(.dyn)
    case .map: .map(.dyn, .dyn)
    case .dyn: .dyn
    }
  }

  public var description: String { rawValue }

  /// Whether `value` is acceptable for a fact of this type (an int is accepted where a double is declared).
  public func accepts(_ value: CELValue) -> Bool {
    switch (self, value) {
    case (.dyn, _), (.bool, .bool), (.int, .int), (.double, .double), (.double, .int), (.string, .string),
      (.duration, .duration), (.timestamp, .timestamp), (.list, .list), (.map, .map):
      true
    default:
      false
    }
  }

  /// Converts `value` to this type where the conversion loses nothing (an int to a double).
  public func normalize(_ value: CELValue) -> CELValue {
    if self == .double, case .int(let i) = value { return .double(Double(i)) }
    return value
  }

  /// The value as this type, accepting durations and timestamps written as text (`15m`,
  /// `2026-11-25T10:00:00Z`); nil when it is not of this type.
  public func coerce(_ value: CELValue) -> CELValue? {
    switch (self, value) {
    case (.duration, .string(let text)): return CELDuration(parsing: text).map(CELValue.duration)
    case (.timestamp, .string(let text)): return CELTimestamp(parsing: text).map(CELValue.timestamp)
    default: return accepts(value) ? normalize(value) : nil
    }
  }
}
