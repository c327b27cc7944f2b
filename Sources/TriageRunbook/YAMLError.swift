import TriageCore

/// A YAML syntax error or a resource limit hit while reading YAML.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var message: String
  /// Where.
  public var location: SourceLocation

  /// The error as a diagnostic.
  public var diagnostic: Diagnostic { Diagnostic(.error, message, at: location) }

  public var description: String { diagnostic.description }
}
