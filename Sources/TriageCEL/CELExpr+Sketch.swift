extension CELExpr {
  /// The expression written back as CEL, short, for error messages (`result.status`, `'200'`,
  /// `size(x.items)`); deep or long parts are elided with `…`.
  var sketch: String {
    let text = sketch(depth: 0)
    return text.count > 60 ? String(text.prefix(59)) + "…" : text
  }

  private func sketch(depth: Int) -> String {
    guard depth < 4 else { return "…" }
    let next = depth + 1
    switch kind {
    case .literal(let value): return value.description
    case .identifier(let name, let rooted): return (rooted ? "." : "") + name
    case .select(let operand, let field, let testOnly):
      let selection = "\(operand.sketch(depth: next)).\(field)"
      return testOnly ? "has(\(selection))" : selection
    case .call(let name, let target, let args):
      if target == nil, args.count == 2, let op = CELBinaryOperator(functionName: name) {
        if op == .index { return "\(args[0].sketch(depth: next))[\(args[1].sketch(depth: next))]" }
        return "\(args[0].sketch(depth: next)) \(op.symbol) \(args[1].sketch(depth: next))"
      }
      if target == nil, args.count == 1, name == "!_" || name == "-_" {
        return String(name.prefix(1)) + args[0].sketch(depth: next)
      }
      let arguments = args.map { $0.sketch(depth: next) }.joined(separator: ", ")
      return (target.map { $0.sketch(depth: next) + "." } ?? "") + "\(name)(\(arguments))"
    case .and(let operands): return operands.map { $0.sketch(depth: next) }.joined(separator: " && ")
    case .or(let operands): return operands.map { $0.sketch(depth: next) }.joined(separator: " || ")
    case .conditional(let condition, let then, let otherwise):
      return "\(condition.sketch(depth: next)) ? \(then.sketch(depth: next)) : \(otherwise.sketch(depth: next))"
    case .list(let items): return "[" + items.map { $0.sketch(depth: next) }.joined(separator: ", ") + "]"
    case .map(let entries):
      return "{"
        + entries.map { "\($0.key.sketch(depth: next)): \($0.value.sketch(depth: next))" }
        .joined(separator: ", ") + "}"
    case .macro(let macro, let range, let variable, _):
      return "\(range.sketch(depth: next)).\(macro.rawValue)(\(variable), …)"
    }
  }
}
