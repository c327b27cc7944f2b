/// Reads what ``BinaryWriter`` wrote, checking every bound: a truncated or damaged input is a
/// ``BinaryFormatError``, never a crash.
public struct BinaryReader {
  @usableFromInline let bytes: [UInt8]
  @usableFromInline var position = 0
  @usableFromInline var strings: [String] = []
  /// How deeply the values being read are nested (lists in lists, expression trees).
  @usableFromInline var nesting = 0
  /// The deepest nesting read: a damaged input cannot make reading recurse without bound.
  public static let maximumNesting = 1024
  /// Names that values written as numbers refer to (a catalog's fact names, for the variables of
  /// its programs), set by whoever reads the values that define them.
  public var names: [String] = []

  /// Reads `bytes` from the start.
  @inlinable public init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Whether every byte has been read.
  @inlinable public var isAtEnd: Bool { position == bytes.count }

  /// How many bytes are left to read: a bound for a count of values that take a byte or more
  /// each, so that room reserved for them is never more than the input could fill.
  @inlinable public var remainingCount: Int { bytes.count - position }

  /// Enters one level of nesting; throws beyond ``maximumNesting``. Pair with ``leaveNested()``.
  @inlinable public mutating func enterNested() throws(BinaryFormatError) {
    guard nesting < Self.maximumNesting else { throw BinaryFormatError("nested deeper than \(Self.maximumNesting)") }
    nesting += 1
  }

  /// Leaves a level entered with ``enterNested()``.
  @inlinable public mutating func leaveNested() {
    nesting -= 1
  }

  /// Reads a signed integer.
  @inlinable public mutating func read(_: Int.Type = Int.self) throws(BinaryFormatError) -> Int {
    let zigzag = try readUnsigned()
    return Int(truncatingIfNeeded: Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))))
  }

  /// Reads a non-negative integer.
  @inlinable public mutating func readUnsigned() throws(BinaryFormatError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < bytes.count, shift < 64 else { throw BinaryFormatError("bad integer at byte \(position)") }
      let byte = bytes[position]
      position += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  /// Reads a count or an index, at most `limit`.
  @inlinable public mutating func readCount(limit: Int = Int(Int32.max)) throws(BinaryFormatError) -> Int {
    let value = try readUnsigned()
    guard value <= UInt64(limit) else { throw BinaryFormatError("count \(value) out of range at byte \(position)") }
    return Int(value)
  }

  /// Reads a double.
  @inlinable public mutating func read(_: Double.Type = Double.self) throws(BinaryFormatError) -> Double {
    guard bytes.count - position >= 8 else { throw BinaryFormatError("truncated double at byte \(position)") }
    var bits: UInt64 = 0
    for index in (0..<8).reversed() { bits = bits << 8 | UInt64(bytes[position + index]) }
    position += 8
    return Double(bitPattern: bits)
  }

  /// Reads a boolean.
  @inlinable public mutating func read(_: Bool.Type = Bool.self) throws(BinaryFormatError) -> Bool {
    guard position < bytes.count, bytes[position] <= 1 else { throw BinaryFormatError("bad flag at byte \(position)") }
    position += 1
    return bytes[position - 1] == 1
  }

  /// Reads a string.
  @inlinable public mutating func read(_: String.Type = String.self) throws(BinaryFormatError) -> String {
    let tag = try readCount()
    if tag >= 2 {
      guard tag - 2 < strings.count else { throw BinaryFormatError("unknown string \(tag - 2) at byte \(position)") }
      return strings[tag - 2]
    }
    let bytes = try read(byteCount: try readCount())
    guard let string = String(validating: bytes, as: UTF8.self) else {
      throw BinaryFormatError("invalid UTF-8 at byte \(position)")
    }
    if tag == 0 { strings.append(string) }
    return string
  }

  /// Reads raw bytes written with their count.
  @inlinable public mutating func readBytes() throws(BinaryFormatError) -> [UInt8] {
    Array(try read(byteCount: try readCount()))
  }

  @inlinable mutating func read(byteCount: Int) throws(BinaryFormatError) -> ArraySlice<UInt8> {
    guard bytes.count - position >= byteCount else { throw BinaryFormatError("truncated at byte \(position)") }
    defer { position += byteCount }
    return bytes[position..<position + byteCount]
  }

  /// Reads a value that knows its binary form.
  @inlinable public mutating func read<Value: BinaryCodable>(_: Value.Type = Value.self) throws(BinaryFormatError)
    -> Value
  {
    try Value(from: &self)
  }

  /// Reads an optional value.
  @inlinable public mutating func read<Value: BinaryCodable>(_: Value?.Type = Value?.self) throws(BinaryFormatError)
    -> Value?
  {
    try read(Bool.self) ? try Value(from: &self) : nil
  }

  /// Reads an array.
  @inlinable public mutating func read<Element: BinaryCodable>(_: [Element].Type = [Element].self)
    throws(BinaryFormatError)
    -> [Element]
  {
    let count = try readCount(limit: bytes.count - position)
    var values: [Element] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try Element(from: &self)) }
    return values
  }
}

/// A binary input that is not what ``BinaryWriter`` wrote (truncated, damaged, another version).
public struct BinaryFormatError: Error, Sendable, CustomStringConvertible {
  /// What is wrong, and where.
  public var description: String

  /// Creates an error.
  @inlinable public init(_ description: String) {
    self.description = description
  }
}

/// A value with a binary form.
public protocol BinaryCodable {
  /// Writes the value.
  func encode(to writer: inout BinaryWriter)
  /// Reads a value written by `encode(to:)`.
  init(from reader: inout BinaryReader) throws(BinaryFormatError)
}

extension Int: BinaryCodable {
  @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
  @inlinable public init(from reader: inout BinaryReader) throws(BinaryFormatError) { self = try reader.read(Int.self) }
}

extension String: BinaryCodable {
  @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
  @inlinable public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self = try reader.read(String.self)
  }
}

extension Double: BinaryCodable {
  @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
  @inlinable public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self = try reader.read(Double.self)
  }
}

extension Bool: BinaryCodable {
  @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
  @inlinable public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self = try reader.read(Bool.self)
  }
}

extension Array: BinaryCodable where Element: BinaryCodable {
  @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
  @inlinable public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self = try reader.read([Element].self)
  }
}
