/// Writes values in triage's compact binary form (the compiled-catalog cache): integers as
/// zigzag varints, doubles as their bit patterns, strings as their bytes, except that a long
/// string repeating one of the last few long ones (a file path) is written as its number.
///
/// ```swift
/// var writer = BinaryWriter()
/// writer.write(catalog)
/// try Data(writer.bytes).write(to: url)
/// ```
public struct BinaryWriter {
  /// What has been written.
  public var bytes: [UInt8] = []
  /// The last few long strings written, with their numbers.
  @usableFromInline var recentLong: [(text: String, number: Int)] = []
  /// How many strings have numbers.
  @usableFromInline var numbered = 0
  /// Set by a value that has no binary form (what was written must not be used).
  public var unstorable = false
  /// Strings up to this many bytes are stored inline by Swift, so repeating them costs nothing
  /// when read; they are written as they are.
  @usableFromInline static let shortLength = 15

  /// Creates an empty writer.
  @inlinable public init() {}

  /// Writes a signed integer.
  @inlinable public mutating func write(_ value: Int) {
    writeUnsigned(UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1)))))
  }

  /// Writes a count, an index or another non-negative integer.
  @inlinable public mutating func writeUnsigned(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// Writes a double exactly (NaN payloads and the sign of zero included).
  @inlinable public mutating func write(_ value: Double) {
    var bits = value.bitPattern
    for _ in 0..<8 {
      bytes.append(UInt8(truncatingIfNeeded: bits))
      bits >>= 8
    }
  }

  /// Writes a boolean.
  @inlinable public mutating func write(_ value: Bool) {
    bytes.append(value ? 1 : 0)
  }

  /// Writes a string: tag 1 and its bytes when short; else the number of a recent long string
  /// it repeats (plus 2), or tag 0 and its bytes (and it gets the next number).
  @inlinable public mutating func write(_ value: String) {
    let utf8 = value.utf8
    if utf8.count <= Self.shortLength {
      writeUnsigned(1)
    } else if let recent = recentLong.first(where: { $0.text == value }) {
      writeUnsigned(UInt64(recent.number) + 2)
      return
    } else {
      if recentLong.count == 4 { recentLong.removeFirst() }
      recentLong.append((value, numbered))
      numbered += 1
      writeUnsigned(0)
    }
    writeUnsigned(UInt64(utf8.count))
    bytes.append(contentsOf: utf8)
  }

  /// Writes raw bytes with their count.
  @inlinable public mutating func write(bytes value: [UInt8]) {
    writeUnsigned(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  /// Writes a value that knows its binary form.
  @inlinable public mutating func write(_ value: some BinaryCodable) {
    value.encode(to: &self)
  }

  /// Writes an optional value: a presence flag, then the value.
  @inlinable public mutating func write<Value: BinaryCodable>(_ value: Value?) {
    write(value != nil)
    if let value { value.encode(to: &self) }
  }

  /// Writes an array: its count, then each element.
  @inlinable public mutating func write<Element: BinaryCodable>(_ values: [Element]) {
    writeUnsigned(UInt64(values.count))
    for value in values { value.encode(to: &self) }
  }
}
