import TriageCEL

/// What is known about one fact.
public enum FactState: Sendable, Hashable {
  /// Nothing has supplied it yet.
  case unset
  /// Its value and where it came from.
  case known(CELValue, Provenance)
  /// Known to be unknown, with the reason (probe timed out, permission denied, not applicable …).
  case unknown(reason: String, Provenance?)

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
    }
  }
}
