/// Static typing rules of CEL's binary operators.
enum CELOperatorTypes {
  private static func isNumeric(_ type: CELType) -> Bool {
    type == .int || type == .uint || type == .double
  }

  /// Whether values of the two types can ever be equal (numbers compare across kinds).
  static func comparableForEquality(_ a: CELType, _ b: CELType) -> Bool {
    switch (a, b) {
    case (.dyn, _), (_, .dyn), (.null, _), (_, .null): return true
    case (.list(let x), .list(let y)): return comparableForEquality(x, y)
    case (.map(let k1, let v1), .map(let k2, let v2)):
      return comparableForEquality(k1, k2) && comparableForEquality(v1, v2)
    default: return a == b || (isNumeric(a) && isNumeric(b))
    }
  }

  /// Whether `<` is defined between the types.
  static func orderable(_ a: CELType, _ b: CELType) -> Bool {
    switch (a, b) {
    case (.dyn, .dyn): return true
    case (.dyn, let other), (let other, .dyn):
      return isNumeric(other)
        || [.string, .bool, .bytes, .duration, .timestamp].contains(other)
    default:
      if isNumeric(a) && isNumeric(b) { return true }
      return a == b && [.string, .bool, .bytes, .duration, .timestamp].contains(a)
    }
  }

  /// The result type of `lhs op rhs`, or `nil` when no overload can match.
  static func resultType(_ op: CELBinaryOperator, _ lhs: CELType, _ rhs: CELType) -> CELType? {
    switch op {
    case .equal, .notEqual:
      return comparableForEquality(lhs, rhs) ? .bool : nil
    case .less, .lessEqual, .greater, .greaterEqual:
      return orderable(lhs, rhs) ? .bool : nil
    case .in:
      switch rhs {
      case .dyn: return .bool
      case .list(let element): return comparableForEquality(lhs, element) ? .bool : nil
      case .map(let key, _): return comparableForEquality(lhs, key) ? .bool : nil
      default: return nil
      }
    case .index:
      switch lhs {
      case .dyn: return .dyn
      case .list(let element):
        return [.int, .uint, .double, .dyn].contains(rhs) ? element : nil
      case .map(let key, let value):
        return comparableForEquality(rhs, key) ? value : nil
      default: return nil
      }
    case .add:
      switch (lhs, rhs) {
      case (.list(let a), .list(let b)): return .list(CELType.joined([a, b]))
      case (.list, .dyn), (.dyn, .list): return lhs == .dyn ? rhs : lhs
      case (.duration, .duration): return .duration
      case (.timestamp, .duration), (.duration, .timestamp): return .timestamp
      case (.timestamp, .dyn), (.dyn, .timestamp): return .timestamp
      case (.duration, .dyn), (.dyn, .duration): return .dyn
      case (.dyn, .dyn): return .dyn
      case (.dyn, let other), (let other, .dyn):
        return [.int, .uint, .double, .string, .bytes].contains(other) ? other : nil
      default:
        return lhs == rhs && [.int, .uint, .double, .string, .bytes].contains(lhs) ? lhs : nil
      }
    case .subtract:
      switch (lhs, rhs) {
      case (.duration, .duration), (.timestamp, .timestamp): return .duration
      case (.timestamp, .duration): return .timestamp
      case (.timestamp, .dyn), (.dyn, .duration), (.dyn, .timestamp), (.duration, .dyn),
        (.dyn, .dyn):
        return .dyn
      case (.dyn, let other), (let other, .dyn):
        return isNumeric(other) ? other : nil
      default:
        return lhs == rhs && isNumeric(lhs) ? lhs : nil
      }
    case .multiply, .divide, .remainder:
      let allowed: (CELType) -> Bool = { type in
        op == .remainder ? (type == .int || type == .uint) : isNumeric(type)
      }
      switch (lhs, rhs) {
      case (.dyn, .dyn): return .dyn
      case (.dyn, let other), (let other, .dyn): return allowed(other) ? other : nil
      default: return lhs == rhs && allowed(lhs) ? lhs : nil
      }
    }
  }
}
