/// The result of evaluating a CEL expression: a value, an error, or unknown.
public enum CELOutcome: Sendable, Hashable {
  /// A successful result.
  case value(CELValue)
  /// A runtime error.
  case error(CELError)
  /// The result depends on variables whose values are unknown; sorted, de-duplicated ids.
  case unknown([Int])

  /// The value, if the outcome is a value.
  public var value: CELValue? {
    if case .value(let value) = self { return value }
    return nil
  }

  /// The error, if the outcome is an error.
  public var error: CELError? {
    if case .error(let error) = self { return error }
    return nil
  }

  /// The unknown variable ids, if the outcome is unknown.
  public var unknownIDs: [Int]? {
    if case .unknown(let ids) = self { return ids }
    return nil
  }
}
