import TriageCEL

/// Parses input values given as text (`--set app_port=8000`, config files) by the input's type.
public enum InputValue {
  /// The typed value of `text`, or a message saying what was expected.
  public static func parse(_ text: String, as type: FactType) -> Result<CELValue, InputValueError> {
    let value: CELValue?
    switch type {
    case .string, .dyn: value = .string(text)
    case .int: value = Int64(text).map(CELValue.int)
    case .double: value = Double(text).flatMap { $0.isFinite ? CELValue.double($0) : nil }
    case .bool:
      switch text.lowercased() {
      case "true", "yes", "1", "on": value = .bool(true)
      case "false", "no", "0", "off": value = .bool(false)
      default: value = nil
      }
    case .duration: value = CELDuration(parsing: text).map(CELValue.duration)
    case .timestamp: value = CELTimestamp(parsing: text).map(CELValue.timestamp)
    case .list: value = .list(text.split(separator: ",").map { .string(String($0)) })
    case .map: value = nil
    }
    guard let value else { return .failure(InputValueError(text: text, type: type)) }
    return .success(value)
  }
}

/// A value that does not parse as its input's type.
public struct InputValueError: Error, Sendable, CustomStringConvertible {
  /// The text given.
  public var text: String
  /// The type expected.
  public var type: FactType

  public var description: String { "'\(text)' is not a valid \(type)" }
}
