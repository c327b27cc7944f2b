import TriageCEL

/// The parameters a probe kind accepts, for checking runbooks at load time.
public struct ProbeSignature: Sendable {
  /// Every parameter name the kind accepts under `with:`.
  public var parameters: Set<String>
  /// The parameters that must be given.
  public var required: Set<String>

  /// Every field of the kind's result with its type; `nil` leaves `result.…` unchecked.
  public var resultFields: [String: CELType]?

  /// Creates a signature.
  public init(parameters: Set<String>, required: Set<String>, resultFields: [String: CELType]? = nil) {
    self.parameters = parameters
    self.required = required
    self.resultFields = resultFields
  }
}
