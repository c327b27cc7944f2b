/// A problem found in a runbook catalog or an input file, reported compiler style.
///
/// ```swift
/// let d = Diagnostic(.error, "unknown probe kind 'htp'", at: location)
/// print(d)  // runbooks/disk.yaml:12:7: error: unknown probe kind 'htp'
/// ```
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
  }

  /// Whether the catalog is unusable (`error`) or merely suspicious (`warning`).
  public var severity: Severity
  /// What is wrong, in one line.
  public var message: String
  /// Where it is wrong; `nil` for problems of the whole catalog.
  public var location: SourceLocation?

  /// Creates a diagnostic.
  public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
    self.severity = severity
    self.message = message
    self.location = location
  }

  /// `path:line:col: error: message`, or `error: message` without a location.
  public var description: String {
    if let location {
      return "\(location): \(severity.rawValue): \(message)"
    }
    return "\(severity.rawValue): \(message)"
  }

  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    switch (lhs.location, rhs.location) {
    case (nil, nil): return lhs.message < rhs.message
    case (nil, _): return true
    case (_, nil): return false
    case (let l?, let r?): return l == r ? lhs.message < rhs.message : l < r
    }
  }
}
