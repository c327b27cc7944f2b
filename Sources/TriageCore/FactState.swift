import TriageCEL

/// What is known about one fact.
public enum FactState: Sendable, Hashable {
  /// Nothing has supplied it yet.
  case unset
  /// Its value and where it came from.
  case known(CELValue, Provenance)
  /// Known to be unknown, with the reason (probe timed out, permission denied …).
  case unknown(reason: String, Provenance?)
  /// Does not exist here, with the reason: its probe did not apply (`when` was false: "this stack
  /// has no cache"). A rule that needs it does not apply either: it neither fires nor blocks.
  case notApplicable(reason: String, Provenance?)

  /// The value, when known.
  public var value: CELValue? {
    if case .known(let value, _) = self { return value }
    return nil
  }

  /// The provenance, when any.
  public var provenance: Provenance? {
    switch self {
    case .unset: nil
    case .known(_, let provenance): provenance
    case .unknown(_, let provenance): provenance
    case .notApplicable(_, let provenance): provenance
    }
  }

  /// Whether the fact does not apply here.
  public var isNotApplicable: Bool {
    if case .notApplicable = self { return true }
    return false
  }
}
