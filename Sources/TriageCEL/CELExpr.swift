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

  init(_ kind: Kind, offset: Int, children: [CELExpr] = []) {
    self.kind = kind
    self.offset = offset
    self.depth = 1 + (children.map(\.depth).max() ?? 0)
  }
}
