/// A parsed (not yet checked) CEL expression tree node.
struct CELExpr: Sendable {
  /// The macros the parser recognizes.
  enum Macro: String, Sendable {
    case all, exists
    case existsOne = "exists_one"
    case map, filter
  }

  /// The node kinds.
  indirect enum Kind: Sendable {
    case literal(CELValue)
    /// An identifier; `rooted` when written with a leading dot (`.name`).
    case identifier(String, rooted: Bool)
    /// `operand.field`, or `has(operand.field)` when `testOnly`.
    case select(CELExpr, field: String, testOnly: Bool)
    /// A function call; `target` is the receiver of `target.name(args)`.
    case call(name: String, target: CELExpr?, args: [CELExpr])
    /// `a && b && ...` (at least two operands).
    case and([CELExpr])
    /// `a || b || ...` (at least two operands).
    case or([CELExpr])
    /// `condition ? then : else`.
    case conditional(CELExpr, CELExpr, CELExpr)
    case list([CELExpr])
    case map([(key: CELExpr, value: CELExpr)])
    /// A macro over `range` binding `variable` (and `variable2` for two-variable forms).
    /// `args` are the predicate and/or transform expressions, in source order.
    case macro(Macro, range: CELExpr, variable: String, args: [CELExpr])
  }

  var kind: Kind
  /// 0-based Unicode scalar offset of the node's characteristic token.
  var offset: Int
  /// Height of the tree rooted here (a leaf is 1).
  var depth: Int

  init(_ kind: Kind, offset: Int) {
    self.kind = kind
    self.offset = offset
    self.depth = 1 + Self.height(of: kind)
  }

  /// The height of the tallest child in `kind` (0 for a leaf).
  private static func height(of kind: Kind) -> Int {
    func tallest(_ exprs: [CELExpr]) -> Int { exprs.reduce(0) { max($0, $1.depth) } }
    switch kind {
    case .literal, .identifier: return 0
    case .select(let operand, _, _): return operand.depth
    case .call(_, let target, let args): return max(target?.depth ?? 0, tallest(args))
    case .and(let operands), .or(let operands), .list(let operands): return tallest(operands)
    case .conditional(let condition, let whenTrue, let whenFalse):
      return max(condition.depth, whenTrue.depth, whenFalse.depth)
    case .map(let entries): return entries.reduce(0) { max($0, $1.key.depth, $1.value.depth) }
    case .macro(_, let range, _, let args): return max(range.depth, tallest(args))
    }
  }
}
