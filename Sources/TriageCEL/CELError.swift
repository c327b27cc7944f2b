/// An evaluation error value, such as division by zero or a missing map key.
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong.
  public var message: String

  /// Creates an error with a message.
  public init(_ message: String) {
    self.message = message
  }

  /// Creates an error with a message.
  public init(message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }

  static let divideByZero = CELError("divide by zero")
  static let moduloByZero = CELError("modulus by zero")
  static let overflow = CELError("integer overflow")

  static func noMatchingOverload(_ function: String, _ args: [CELValue]) -> CELError {
    CELError(
      "no matching overload for '\(function)' applied to '("
        + args.map(\.typeName).joined(separator: ", ") + ")'")
  }
}
