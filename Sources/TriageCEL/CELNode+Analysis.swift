extension CELNode {
  /// Whether this node is a constant.
  var isConstant: Bool {
    if case .constant = self { return true }
    return false
  }

  /// Whether this is a pure operation whose operands are all constants (so it can be folded).
  var hasOnlyConstantOperands: Bool {
    switch self {
    case .constant, .variable, .local, .failure, .hasVariable, .function, .comprehension:
      return false
    case .not(let operand), .negate(let operand), .select(let operand, _), .has(let operand, _),
      .call1(_, let operand), .matches(let operand, _), .inList(let operand, _),
      .inSet(let operand, _):
      return operand.isConstant
    case .and(let operands), .or(let operands), .list(let operands):
      return operands.allSatisfy(\.isConstant)
    case .conditional(let a, let b, let c):
      return a.isConstant && b.isConstant && c.isConstant
    case .binary(_, let a, let b), .call2(_, let a, let b):
      return a.isConstant && b.isConstant
    case .map(let keys, let values):
      return keys.allSatisfy(\.isConstant) && values.allSatisfy(\.isConstant)
    }
  }
}
