/// A value discovery found, with where it was found.
public struct DiscoveredValue: Sendable, Equatable {
  /// The value as text, as `--set` would take it.
  public var value: String
  /// Where it comes from: a file and line, a process's command line or environment.
  public var provenance: String
  /// A credential that goes with the value (a password from the application's environment): held
  /// in memory for the probes, never printed.
  public var secret: String?

  /// Creates a value.
  public init(_ value: String, from provenance: String, secret: String? = nil) {
    self.value = value
    self.provenance = provenance
    self.secret = secret
  }
}
