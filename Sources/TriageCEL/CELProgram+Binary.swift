import TriageBinary

/// The binary form of a compiled program (for the compiled-catalog cache): the checked tree as
/// it is, so loading it skips parsing and type checking. Regular expressions are stored as
/// their patterns and compiled again; a program calling an extension function, which holds
/// code, sets the writer's `unstorable`.
extension CELProgram: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(source)
    writer.write(variableIDs)
    // A variable's name is the reader's name for its id; only ids below zero (such as a probe's
    // `result`) have theirs written.
    for (id, name) in zip(variableIDs, variableNames) where id < 0 { writer.write(name) }
    writer.write(resultType)
    writer.write(regexInstructions)
    writer.write(slotCount)
    var evaluationLimits = limits
    evaluationLimits.regexInstructionBudget = CELLimits().regexInstructionBudget
    writer.write(evaluationLimits == CELLimits())
    if evaluationLimits != CELLimits() { writer.write(limits) }
    root.encode(to: &writer)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let source = try reader.read(String.self)
    let ids = try reader.read([Int].self)
    var names: [String] = []
    names.reserveCapacity(ids.count)
    for id in ids {
      if id < 0 {
        names.append(try reader.read(String.self))
      } else {
        guard id < reader.names.count else { throw BinaryFormatError("unknown variable \(id)") }
        names.append(reader.names[id])
      }
    }
    let resultType = try reader.read(CELType.self)
    let regexInstructions = try reader.read(Int.self)
    let slotCount = try reader.read(Int.self)
    guard (0...Int(UInt16.max)).contains(slotCount) else { throw BinaryFormatError("bad slot count \(slotCount)") }
    let limits = try reader.read(Bool.self) ? CELLimits() : try reader.read(CELLimits.self)
    let root = try CELNode(from: &reader, limits: limits, slotCount: slotCount)
    self.init(
      source: source, variableIDs: ids, resultType: resultType, root: root, limits: limits, slotCount: slotCount,
      variableNames: names)
    self.regexInstructions = regexInstructions
  }
}

extension CELLimits: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    for value in [
      maxExpressionLength, maxNestingDepth, maxEvaluationSteps, maxComprehensionIterations, maxCollectionSize,
      maxStringSize, maxRegexInputLength, maxRegexPatternLength, regexInstructionBudget, maxEvaluationMemory,
    ] {
      writer.write(value)
    }
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self.init()
    func limit(_ range: ClosedRange<Int> = 0...Int(Int32.max)) throws(BinaryFormatError) -> Int {
      let value = try reader.read(Int.self)
      guard range.contains(value) else { throw BinaryFormatError("limit \(value) out of range") }
      return value
    }
    maxExpressionLength = try limit()
    maxNestingDepth = try limit(1...10_000)
    maxEvaluationSteps = try limit()
    maxComprehensionIterations = try limit()
    maxCollectionSize = try limit()
    maxStringSize = try limit()
    maxRegexInputLength = try limit()
    maxRegexPatternLength = try limit()
    regexInstructionBudget = try limit()
    maxEvaluationMemory = try limit()
  }
}

extension CELType: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    switch self {
    case .dyn: writer.writeUnsigned(0)
    case .null: writer.writeUnsigned(1)
    case .bool: writer.writeUnsigned(2)
    case .int: writer.writeUnsigned(3)
    case .uint: writer.writeUnsigned(4)
    case .double: writer.writeUnsigned(5)
    case .string: writer.writeUnsigned(6)
    case .bytes: writer.writeUnsigned(7)
    case .list(let element):
      writer.writeUnsigned(8)
      writer.write(element)
    case .map(let key, let value):
      writer.writeUnsigned(9)
      writer.write(key)
      writer.write(value)
    case .duration: writer.writeUnsigned(10)
    case .timestamp: writer.writeUnsigned(11)
    case .type: writer.writeUnsigned(12)
    }
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    switch try reader.readUnsigned() {
    case 0: self = .dyn
    case 1: self = .null
    case 2: self = .bool
    case 3: self = .int
    case 4: self = .uint
    case 5: self = .double
    case 6: self = .string
    case 7: self = .bytes
    case 8:
      try reader.enterNested()
      defer { reader.leaveNested() }
      self = .list(try reader.read(CELType.self))
    case 9:
      try reader.enterNested()
      defer { reader.leaveNested() }
      self = .map(try reader.read(CELType.self), try reader.read(CELType.self))
    case 10: self = .duration
    case 11: self = .timestamp
    case 12: self = .type
    case let tag: throw BinaryFormatError("unknown type tag \(tag)")
    }
  }
}

extension CELValue: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    switch self {
    case .null: writer.writeUnsigned(0)
    case .bool(let value):
      writer.writeUnsigned(1)
      writer.write(value)
    case .int(let value):
      writer.writeUnsigned(2)
      writer.write(Int(value))
    case .uint(let value):
      writer.writeUnsigned(3)
      writer.writeUnsigned(value)
    case .double(let value):
      writer.writeUnsigned(4)
      writer.write(value)
    case .string(let value):
      writer.writeUnsigned(5)
      writer.write(value)
    case .bytes(let value):
      writer.writeUnsigned(6)
      writer.write(bytes: value)
    case .list(let items):
      writer.writeUnsigned(7)
      writer.write(items)
    case .map(let map):
      writer.writeUnsigned(8)
      writer.writeUnsigned(UInt64(map.entries.count))
      for entry in map.entries {
        writer.write(entry.key)
        writer.write(entry.value)
      }
    case .duration(let duration):
      writer.writeUnsigned(9)
      writer.write(Int(duration.seconds))
      writer.write(Int(duration.nanos))
    case .timestamp(let timestamp):
      writer.writeUnsigned(10)
      writer.write(Int(timestamp.seconds))
      writer.write(Int(timestamp.nanos))
    case .type(let type):
      writer.writeUnsigned(11)
      writer.write(type)
    }
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    switch try reader.readUnsigned() {
    case 0: self = .null
    case 1: self = .bool(try reader.read(Bool.self))
    case 2: self = .int(Int64(try reader.read(Int.self)))
    case 3: self = .uint(try reader.readUnsigned())
    case 4: self = .double(try reader.read(Double.self))
    case 5: self = .string(try reader.read(String.self))
    case 6: self = .bytes(try reader.readBytes())
    case 7:
      try reader.enterNested()
      defer { reader.leaveNested() }
      self = .list(try reader.read([CELValue].self))
    case 8:
      try reader.enterNested()
      defer { reader.leaveNested() }
      let count = try reader.readCount()
      var entries: [(CELValue, CELValue)] = []
      for _ in 0..<count { entries.append((try reader.read(CELValue.self), try reader.read(CELValue.self))) }
      self = .map(CELMap(entries))
    case 9:
      let seconds = Int64(try reader.read(Int.self))
      let nanos = Int64(try reader.read(Int.self))
      guard let duration = CELDuration(seconds: seconds, nanos: nanos) else {
        throw BinaryFormatError("duration out of range")
      }
      self = .duration(duration)
    case 10:
      let seconds = Int64(try reader.read(Int.self))
      let nanos = Int64(try reader.read(Int.self))
      guard let timestamp = CELTimestamp(seconds: seconds, nanos: nanos) else {
        throw BinaryFormatError("timestamp out of range")
      }
      self = .timestamp(timestamp)
    case 11:
      try reader.enterNested()
      defer { reader.leaveNested() }
      self = .type(try reader.read(CELType.self))
    case let tag: throw BinaryFormatError("unknown value tag \(tag)")
    }
  }
}
