/// Run-time implementations of CEL's operators on values.
enum CELOperators {
  /// Applies a binary operator to two values.
  static func apply(_ op: CELBinaryOperator, _ lhs: CELValue, _ rhs: CELValue, limits: CELLimits)
    -> CELOutcome
  {
    switch op {
    case .equal: return .value(.bool(lhs == rhs))
    case .notEqual: return .value(.bool(lhs != rhs))
    case .less, .lessEqual, .greater, .greaterEqual:
      return compare(op, lhs, rhs)
    case .add: return add(lhs, rhs, limits: limits)
    case .subtract: return subtract(lhs, rhs)
    case .multiply, .divide, .remainder: return multiplicative(op, lhs, rhs)
    case .in: return membership(lhs, rhs)
    case .index: return index(lhs, rhs)
    }
  }

  static func compare(_ op: CELBinaryOperator, _ lhs: CELValue, _ rhs: CELValue) -> CELOutcome {
    let ordering = CELValue.order(lhs, rhs)
    let result: Bool
    switch ordering {
    case .unsupported: return .error(.noMatchingOverload(op.functionName, [lhs, rhs]))
    case .unordered: result = false
    case .less: result = op == .less || op == .lessEqual
    case .equal: result = op == .lessEqual || op == .greaterEqual
    case .greater: result = op == .greater || op == .greaterEqual
    }
    return .value(.bool(result))
  }

  static func add(_ lhs: CELValue, _ rhs: CELValue, limits: CELLimits) -> CELOutcome {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)):
      let (sum, overflow) = a.addingReportingOverflow(b)
      return overflow ? .error(.overflow) : .value(.int(sum))
    case (.uint(let a), .uint(let b)):
      let (sum, overflow) = a.addingReportingOverflow(b)
      return overflow ? .error(.overflow) : .value(.uint(sum))
    case (.double(let a), .double(let b)):
      return .value(.double(a + b))
    case (.string(let a), .string(let b)):
      if a.utf8.count + b.utf8.count > limits.maxStringSize {
        return .error(stringLimit(limits))
      }
      return .value(.string(a + b))
    case (.bytes(let a), .bytes(let b)):
      if a.count + b.count > limits.maxStringSize { return .error(stringLimit(limits)) }
      return .value(.bytes(a + b))
    case (.list(let a), .list(let b)):
      if a.count + b.count > limits.maxCollectionSize { return .error(collectionLimit(limits)) }
      return .value(.list(a + b))
    case (.duration(let a), .duration(let b)):
      let (sum, overflow) = a.totalNanoseconds.addingReportingOverflow(b.totalNanoseconds)
      return overflow ? .error(durationRange) : .value(.duration(CELDuration(totalNanoseconds: sum)))
    case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
      guard let result = t.adding(d) else { return .error(timestampRange) }
      return .value(.timestamp(result))
    default:
      return .error(.noMatchingOverload("_+_", [lhs, rhs]))
    }
  }

  static func subtract(_ lhs: CELValue, _ rhs: CELValue) -> CELOutcome {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)):
      let (difference, overflow) = a.subtractingReportingOverflow(b)
      return overflow ? .error(.overflow) : .value(.int(difference))
    case (.uint(let a), .uint(let b)):
      let (difference, overflow) = a.subtractingReportingOverflow(b)
      return overflow ? .error(.overflow) : .value(.uint(difference))
    case (.double(let a), .double(let b)):
      return .value(.double(a - b))
    case (.duration(let a), .duration(let b)):
      let (difference, overflow) = a.totalNanoseconds.subtractingReportingOverflow(
        b.totalNanoseconds)
      return overflow
        ? .error(durationRange) : .value(.duration(CELDuration(totalNanoseconds: difference)))
    case (.timestamp(let a), .timestamp(let b)):
      guard let result = a.difference(from: b) else { return .error(durationRange) }
      return .value(.duration(result))
    case (.timestamp(let t), .duration(let d)):
      guard d.totalNanoseconds != Int64.min,
        let result = t.adding(CELDuration(totalNanoseconds: -d.totalNanoseconds))
      else { return .error(timestampRange) }
      return .value(.timestamp(result))
    default:
      return .error(.noMatchingOverload("_-_", [lhs, rhs]))
    }
  }

  static func multiplicative(_ op: CELBinaryOperator, _ lhs: CELValue, _ rhs: CELValue)
    -> CELOutcome
  {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)):
      switch op {
      case .multiply:
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .error(.overflow) : .value(.int(product))
      case .divide:
        if b == 0 { return .error(.divideByZero) }
        let (quotient, overflow) = a.dividedReportingOverflow(by: b)
        return overflow ? .error(.overflow) : .value(.int(quotient))
      default:
        if b == 0 { return .error(.moduloByZero) }
        let (remainder, overflow) = a.remainderReportingOverflow(dividingBy: b)
        return overflow ? .error(.overflow) : .value(.int(remainder))
      }
    case (.uint(let a), .uint(let b)):
      switch op {
      case .multiply:
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .error(.overflow) : .value(.uint(product))
      case .divide:
        return b == 0 ? .error(.divideByZero) : .value(.uint(a / b))
      default:
        return b == 0 ? .error(.moduloByZero) : .value(.uint(a % b))
      }
    case (.double(let a), .double(let b)) where op != .remainder:
      return .value(.double(op == .multiply ? a * b : a / b))
    default:
      return .error(.noMatchingOverload(op.functionName, [lhs, rhs]))
    }
  }

  static func membership(_ element: CELValue, _ container: CELValue) -> CELOutcome {
    switch container {
    case .list(let elements): return .value(.bool(elements.contains(element)))
    case .map(let map): return .value(.bool(map.contains(key: element)))
    default: return .error(.noMatchingOverload("@in", [element, container]))
    }
  }

  static func index(_ container: CELValue, _ key: CELValue) -> CELOutcome {
    switch container {
    case .list(let elements):
      let position: Int64
      switch key {
      case .int(let value): position = value
      case .uint(let value):
        guard let signed = Int64(exactly: value) else { return .error(outOfRange(key)) }
        position = signed
      case .double(let value):
        guard let integral = Int64(exactly: value) else {
          return .error(CELError("invalid list index \(CELValue.double(value))"))
        }
        position = integral
      default:
        return .error(.noMatchingOverload("_[_]", [container, key]))
      }
      guard position >= 0, position < Int64(elements.count) else {
        return .error(outOfRange(key))
      }
      return .value(elements[Int(position)])
    case .map(let map):
      switch key {
      case .bool, .int, .uint, .string, .double: break
      default: return .error(.noMatchingOverload("_[_]", [container, key]))
      }
      guard let value = map[key] else { return .error(CELError("no such key: \(key)")) }
      return .value(value)
    default:
      return .error(.noMatchingOverload("_[_]", [container, key]))
    }
  }

  /// Negates a number.
  static func negate(_ value: CELValue) -> CELOutcome {
    switch value {
    case .int(let a):
      let (result, overflow) = Int64(0).subtractingReportingOverflow(a)
      return overflow ? .error(.overflow) : .value(.int(result))
    case .double(let a): return .value(.double(-a))
    default: return .error(.noMatchingOverload("-_", [value]))
    }
  }

  private static func outOfRange(_ key: CELValue) -> CELError {
    CELError("index out of range: \(key)")
  }

  static let durationRange = CELError("duration out of range")
  static let timestampRange = CELError("timestamp out of range")

  static func stringLimit(_ limits: CELLimits) -> CELError {
    CELError("string exceeds the size limit of \(limits.maxStringSize) bytes")
  }

  static func collectionLimit(_ limits: CELLimits) -> CELError {
    CELError("list or map exceeds the size limit of \(limits.maxCollectionSize) elements")
  }
}
