extension CELValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  /// Creates an `int` value from an integer literal.
  public init(integerLiteral value: Int64) {
    self = .int(value)
  }

  /// Creates a `double` value from a floating-point literal.
  public init(floatLiteral value: Double) {
    self = .double(value)
  }

  /// Creates a `bool` value from a Boolean literal.
  public init(booleanLiteral value: Bool) {
    self = .bool(value)
  }

  /// Creates a `string` value from a string literal.
  public init(stringLiteral value: String) {
    self = .string(value)
  }

  /// Creates a `list` value from an array literal.
  public init(arrayLiteral elements: CELValue...) {
    self = .list(elements)
  }

  /// Creates a `map` value from a dictionary literal, keeping the literal's order.
  public init(dictionaryLiteral elements: (CELValue, CELValue)...) {
    self = .map(CELMap(elements))
  }
}

extension CELValue {
  /// The payload of a `bool` value.
  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The payload of an `int` value.
  public var intValue: Int64? {
    if case .int(let value) = self { return value }
    return nil
  }

  /// The payload of a `double` value.
  public var doubleValue: Double? {
    if case .double(let value) = self { return value }
    return nil
  }

  /// The payload of a `string` value.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The elements of a `list` value.
  public var listValue: [CELValue]? {
    if case .list(let value) = self { return value }
    return nil
  }

  /// The map of a `map` value.
  public var mapValue: CELMap? {
    if case .map(let value) = self { return value }
    return nil
  }
}
