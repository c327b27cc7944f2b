/// The parameters a probe kind accepts, for checking runbooks at load time.
public struct ProbeSignature: Sendable {
  /// Every parameter name the kind accepts under `with:`.
  public var parameters: Set<String>
  /// The parameters that must be given.
  public var required: Set<String>

  /// Creates a signature.
  public init(parameters: Set<String>, required: Set<String>) {
    self.parameters = parameters
    self.required = required
  }
}
