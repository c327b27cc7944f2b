/// A node of a compiled, executable expression tree; identifiers are resolved to ids and slots.
indirect enum CELNode: Sendable {
  case constant(CELValue)
  /// A declared variable, by caller-chosen id.
  case variable(Int)
  /// A comprehension variable, by slot.
  case local(Int)
  /// Always fails with this error (an unchecked reference to something undeclared).
  case failure(CELError)
  case not(CELNode)
  case negate(CELNode)
  case and([CELNode])
  case or([CELNode])
  case conditional(CELNode, CELNode, CELNode)
  case binary(CELBinaryOperator, CELNode, CELNode)
  /// `x in [constants]`, searched linearly.
  case inList(CELNode, [CELValue])
  /// `x in [constants]` for larger constant lists, as a hash set.
  case inSet(CELNode, Set<CELValue>)
  /// `operand.field` on a map.
  case select(CELNode, String)
  /// `has(operand.field)` on a map.
  case has(CELNode, String)
  /// `has(a.b)` where `a.b` names a declared variable: true iff it has a value.
  case hasVariable(Int)
  case list([CELNode])
  case map(keys: [CELNode], values: [CELNode])
  case call1(CELBuiltin, CELNode)
  case call2(CELBuiltin, CELNode, CELNode)
  /// `text.matches(constant)` with the pattern compiled once.
  case matches(CELNode, CELRegex)
  /// An extension function.
  case function(CELFunction, [CELNode])
  case comprehension(CELComprehension)
}

/// The binary operators with dedicated evaluation.
enum CELBinaryOperator: Sendable, Hashable {
  case add, subtract, multiply, divide, remainder
  case equal, notEqual, less, lessEqual, greater, greaterEqual
  case `in`, index

  /// The CEL overload name, for error messages.
  var functionName: String {
    switch self {
    case .add: return "_+_"
    case .subtract: return "_-_"
    case .multiply: return "_*_"
    case .divide: return "_/_"
    case .remainder: return "_%_"
    case .equal: return "_==_"
    case .notEqual: return "_!=_"
    case .less: return "_<_"
    case .lessEqual: return "_<=_"
    case .greater: return "_>_"
    case .greaterEqual: return "_>=_"
    case .in: return "@in"
    case .index: return "_[_]"
    }
  }

  /// The operator for a parser call name, if it is one.
  /// The operator as written: `+`, `==`, `in`, `[]`.
  var symbol: String {
    switch self {
    case .in: return "in"
    case .index: return "[]"
    default: return String(functionName.dropFirst().dropLast())
    }
  }

  init?(functionName: String) {
    switch functionName {
    case "_+_": self = .add
    case "_-_": self = .subtract
    case "_*_": self = .multiply
    case "_/_": self = .divide
    case "_%_": self = .remainder
    case "_==_": self = .equal
    case "_!=_": self = .notEqual
    case "_<_": self = .less
    case "_<=_": self = .lessEqual
    case "_>_": self = .greater
    case "_>=_": self = .greaterEqual
    case "@in": self = .in
    case "_[_]": self = .index
    default: return nil
    }
  }
}

/// A compiled macro loop (`all`, `exists`, `exists_one`, `map`, `filter`).
struct CELComprehension: Sendable {
  var macro: CELExpr.Macro
  var range: CELNode
  /// The local slot holding the iteration variable.
  var slot: Int
  /// The predicate (`all`, `exists`, `exists_one`, `filter`, 3-argument `map`).
  var predicate: CELNode?
  /// The transform (`map`).
  var transform: CELNode?
}
