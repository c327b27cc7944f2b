/// An extension function made available to expressions through a `CELEnvironment`.
///
/// Arguments are evaluated strictly: an error or unknown argument short-circuits the call, so
/// the implementation only ever sees values.
public struct CELFunction: Sendable {
  /// How the function is called.
  public enum Style: Sendable, Hashable {
    /// `name(a, b)`.
    case global
    /// `a.name(b)`; the receiver is the first argument.
    case receiver
  }

  /// The function name.
  public var name: String
  /// Global or receiver call syntax.
  public var style: Style
  /// Parameter types; for receiver style the first is the receiver. `.dyn` accepts anything.
  public var parameterTypes: [CELType]
  /// The result type reported to the checker.
  public var resultType: CELType
  /// The implementation, called with evaluated arguments (receiver first).
  public var implementation: @Sendable ([CELValue]) -> CELOutcome

  /// The number of arguments, including the receiver.
  public var arity: Int { parameterTypes.count }

  /// Creates a function.
  public init(
    name: String,
    style: Style = .global,
    parameterTypes: [CELType],
    resultType: CELType = .dyn,
    implementation: @escaping @Sendable ([CELValue]) -> CELOutcome
  ) {
    self.name = name
    self.style = style
    self.parameterTypes = parameterTypes
    self.resultType = resultType
    self.implementation = implementation
  }
}
