import TriageBinary

extension CELNode {
  func encode(to writer: inout BinaryWriter) {
    switch self {
    case .constant(let value):
      writer.writeUnsigned(0)
      writer.write(value)
    case .variable(let id):
      writer.writeUnsigned(1)
      writer.write(id)
    case .local(let slot):
      writer.writeUnsigned(2)
      writer.write(slot)
    case .failure(let error):
      writer.writeUnsigned(3)
      writer.write(error.message)
    case .not(let operand):
      writer.writeUnsigned(4)
      operand.encode(to: &writer)
    case .negate(let operand):
      writer.writeUnsigned(5)
      operand.encode(to: &writer)
    case .and(let operands):
      writer.writeUnsigned(6)
      Self.encode(operands, to: &writer)
    case .or(let operands):
      writer.writeUnsigned(7)
      Self.encode(operands, to: &writer)
    case .conditional(let condition, let then, let otherwise):
      writer.writeUnsigned(8)
      Self.encode([condition, then, otherwise], to: &writer)
    case .binary(let operation, let left, let right):
      writer.writeUnsigned(9)
      writer.writeUnsigned(UInt64(CELBinaryOperator.all.firstIndex(of: operation) ?? 0))
      left.encode(to: &writer)
      right.encode(to: &writer)
    case .inList(let operand, let values):
      writer.writeUnsigned(10)
      operand.encode(to: &writer)
      writer.write(values)
    case .inSet(let operand, let values):
      writer.writeUnsigned(11)
      operand.encode(to: &writer)
      // In a fixed order, so that the same catalog is always written the same.
      writer.write(values.sorted { $0.description < $1.description })
    case .select(let operand, let field):
      writer.writeUnsigned(12)
      operand.encode(to: &writer)
      writer.write(field)
    case .has(let operand, let field):
      writer.writeUnsigned(13)
      operand.encode(to: &writer)
      writer.write(field)
    case .hasVariable(let id):
      writer.writeUnsigned(14)
      writer.write(id)
    case .list(let items):
      writer.writeUnsigned(15)
      Self.encode(items, to: &writer)
    case .map(let keys, let values):
      writer.writeUnsigned(16)
      Self.encode(keys, to: &writer)
      Self.encode(values, to: &writer)
    case .call1(let builtin, let argument):
      writer.writeUnsigned(17)
      writer.writeUnsigned(UInt64(CELBuiltin.all.firstIndex(of: builtin) ?? 0))
      argument.encode(to: &writer)
    case .call2(let builtin, let first, let second):
      writer.writeUnsigned(18)
      writer.writeUnsigned(UInt64(CELBuiltin.all.firstIndex(of: builtin) ?? 0))
      first.encode(to: &writer)
      second.encode(to: &writer)
    case .matches(let text, let regex):
      writer.writeUnsigned(19)
      text.encode(to: &writer)
      writer.write(regex.pattern)
    case .function(let function, let arguments):
      // Extension functions hold code: a program calling one cannot be stored, unless it is one
      // of the strings library's, found again by name when read.
      guard CELStringExtensions.function(named: function.name, style: function.style, arity: function.arity) != nil
      else {
        writer.unstorable = true
        writer.writeUnsigned(20)
        writer.write(function.name)
        return
      }
      writer.writeUnsigned(22)
      writer.write(function.name)
      writer.write(function.style == .receiver)
      Self.encode(arguments, to: &writer)
    case .comprehension(let comprehension):
      writer.writeUnsigned(21)
      writer.write(comprehension.macro.rawValue)
      comprehension.range.encode(to: &writer)
      writer.write(comprehension.slot)
      writer.write(comprehension.predicate != nil)
      comprehension.predicate?.encode(to: &writer)
      writer.write(comprehension.transform != nil)
      comprehension.transform?.encode(to: &writer)
    }
  }

  private static func encode(_ nodes: [CELNode], to writer: inout BinaryWriter) {
    writer.writeUnsigned(UInt64(nodes.count))
    for node in nodes { node.encode(to: &writer) }
  }

  /// Reads a tree, at most ``BinaryReader/maximumNesting`` deep (the parser allows expressions
  /// 250 deep). Variable ids must name one of the reader's names (or be negative: variables
  /// outside the catalog, such as `result`), and local slots must be below `slotCount`, so a
  /// damaged file cannot make evaluation index out of bounds.
  init(from reader: inout BinaryReader, limits: CELLimits, slotCount: Int) throws(BinaryFormatError) {
    try reader.enterNested()
    defer { reader.leaveNested() }
    func node() throws(BinaryFormatError) -> CELNode {
      try CELNode(from: &reader, limits: limits, slotCount: slotCount)
    }
    func variable() throws(BinaryFormatError) -> Int {
      let id = try reader.read(Int.self)
      guard id < reader.names.count else { throw BinaryFormatError("unknown variable \(id)") }
      return id
    }
    func slot() throws(BinaryFormatError) -> Int {
      let slot = try reader.read(Int.self)
      guard (0..<slotCount).contains(slot) else { throw BinaryFormatError("local slot \(slot) out of range") }
      return slot
    }
    func nodes() throws(BinaryFormatError) -> [CELNode] {
      let count = try reader.readCount()
      var result: [CELNode] = []
      for _ in 0..<count { result.append(try node()) }
      return result
    }
    switch try reader.readUnsigned() {
    case 0: self = .constant(try reader.read(CELValue.self))
    case 1: self = .variable(try variable())
    case 2: self = .local(try slot())
    case 3: self = .failure(CELError(try reader.read(String.self)))
    case 4: self = .not(try node())
    case 5: self = .negate(try node())
    case 6: self = .and(try nodes())
    case 7: self = .or(try nodes())
    case 8:
      let parts = try nodes()
      guard parts.count == 3 else { throw BinaryFormatError("conditional without three parts") }
      self = .conditional(parts[0], parts[1], parts[2])
    case 9:
      let index = try reader.readCount()
      guard index < CELBinaryOperator.all.count else { throw BinaryFormatError("unknown operator \(index)") }
      self = .binary(CELBinaryOperator.all[index], try node(), try node())
    case 10: self = .inList(try node(), try reader.read([CELValue].self))
    case 11: self = .inSet(try node(), Set(try reader.read([CELValue].self)))
    case 12: self = .select(try node(), try reader.read(String.self))
    case 13: self = .has(try node(), try reader.read(String.self))
    case 14: self = .hasVariable(try variable())
    case 15: self = .list(try nodes())
    case 16: self = .map(keys: try nodes(), values: try nodes())
    case 17: self = .call1(try Self.builtin(&reader), try node())
    case 18: self = .call2(try Self.builtin(&reader), try node(), try node())
    case 19:
      let text = try node()
      let pattern = try reader.read(String.self)
      do {
        self = .matches(text, try CELRegex(pattern, maxLength: limits.maxRegexPatternLength))
      } catch {
        throw BinaryFormatError("stored pattern does not compile: \(error.message)")
      }
    case 20: throw BinaryFormatError("a stored program cannot call an extension function")
    case 22:
      let name = try reader.read(String.self)
      let style: CELFunction.Style = try reader.read(Bool.self) ? .receiver : .global
      let arguments = try nodes()
      guard let function = CELStringExtensions.function(named: name, style: style, arity: arguments.count) else {
        throw BinaryFormatError("unknown library function \(name)/\(arguments.count)")
      }
      self = .function(function, arguments)
    case 21:
      guard let macro = CELExpr.Macro(rawValue: try reader.read(String.self)) else {
        throw BinaryFormatError("unknown macro")
      }
      let range = try node()
      let slot = try slot()
      let predicate = try reader.read(Bool.self) ? try node() : nil
      let transform = try reader.read(Bool.self) ? try node() : nil
      self = .comprehension(
        CELComprehension(macro: macro, range: range, slot: slot, predicate: predicate, transform: transform))
    case let tag: throw BinaryFormatError("unknown node tag \(tag)")
    }
  }

  private static func builtin(_ reader: inout BinaryReader) throws(BinaryFormatError) -> CELBuiltin {
    let index = try reader.readCount()
    guard index < CELBuiltin.all.count else { throw BinaryFormatError("unknown builtin \(index)") }
    return CELBuiltin.all[index]
  }
}

extension CELBinaryOperator {
  /// Every operator, in the order of their binary tags.
  static let all: [CELBinaryOperator] = [
    .add, .subtract, .multiply, .divide, .remainder, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
    .in, .index,
  ]
}

extension CELBuiltin {
  /// Every built-in, in the order of their binary tags.
  static let all: [CELBuiltin] =
    [
      .size, .contains, .startsWith, .endsWith, .matches, .toInt, .toUInt, .toDouble, .toString, .toBool, .toBytes,
      .toDuration, .toTimestamp, .dyn,
    ] + CELTimeField.allCases.map(CELBuiltin.timeField) + [.typeOf]
}
