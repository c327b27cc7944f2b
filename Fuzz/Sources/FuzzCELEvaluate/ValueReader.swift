import TriageCEL

/// Turns fuzzer bytes into CEL values: a small FuzzedDataProvider. Runs dry as zeros.
struct ValueReader {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  /// Values built so far; bounds the activation's total size.
  private var budget = 512

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  mutating func byte() -> UInt8 {
    guard index < bytes.count else { return 0 }
    defer { index += 1 }
    return bytes[index]
  }

  mutating func uint64() -> UInt64 {
    var value: UInt64 = 0
    for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
    return value
  }

  static let ints: [Int64] = [
    0, 1, -1, 2, -2, 7, 10, 100, 255, 256, 1000, .max, .min, .max - 1, .min + 1, 1 << 31, -(1 << 31), 1 << 32,
    1 << 53, (1 << 53) + 1, -(1 << 53), 1 << 62, 86_400, 253_402_300_799, -62_135_596_800, 315_537_897_599,
  ]
  static let uints: [UInt64] = [0, 1, 2, 255, .max, .max - 1, 1 << 63, (1 << 63) - 1, 1 << 32, 1 << 53]
  static let doubles: [Double] = [
    0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, .nan, -.nan, .infinity, -.infinity, .greatestFiniteMagnitude,
    -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 9_223_372_036_854_774_784,
    9_223_372_036_854_775_808, -9_223_372_036_854_775_808, -9_223_372_036_854_777_856, 18_446_744_073_709_551_616,
    18_446_744_073_709_549_568, 1e300, 1e-300, 4_294_967_296.5, 0.1, 3.14159,
  ]
  static let strings: [String] = [
    "", "a", "abc", "ABC", " ", "\n", "0", "1", "-1", "1.5", "NaN", "inf", "-Infinity", "true", "false", "null",
    "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551615", "0x10",
    "1s", "-1.5h", "1h2m3.5s", "999999999999s", "1e9s", "2026-11-25T10:00:00Z", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z", "2026-13-40T25:61:61Z", "1970-01-01T00:00:00+14:00", "é", "e\u{301}",
    "\u{1F600}", "\u{0}", "日本語", "(a+)+$", "^(a|a)*b$", "[", "\\", "%s %d %f", "a.b.c", "\u{FFFD}",
    String(repeating: "a", count: 64), "((((((((((", "\u{200B}",
  ]

  /// A value of any type (`depth` limits nesting).
  mutating func anyValue(depth: Int = 0) -> CELValue {
    budget -= 1
    let kind = byte() % 13
    switch kind {
    case 0: return .null
    case 1: return .bool(byte() & 1 == 1)
    case 2: return .int(int())
    case 3: return .uint(uint())
    case 4: return .double(double())
    case 5, 12: return .string(string())
    case 6: return .bytes(bytesValue())
    case 7: return .list(list(depth: depth) { $0.anyValue(depth: depth + 1) })
    case 8: return .map(map(depth: depth) { $0.anyValue(depth: depth + 1) })
    case 9: return .duration(duration())
    case 10: return .timestamp(timestamp())
    default: return .type([CELType.int, .string, .dyn, .list(.int), .bool, .double][Int(byte()) % 6])
    }
  }

  /// A value of a declared type.
  mutating func value(of type: CELType, depth: Int = 0) -> CELValue {
    budget -= 1
    switch type {
    case .dyn: return anyValue(depth: depth)
    case .null: return .null
    case .bool: return .bool(byte() & 1 == 1)
    case .int: return .int(int())
    case .uint: return .uint(uint())
    case .double: return .double(double())
    case .string: return .string(string())
    case .bytes: return .bytes(bytesValue())
    case .list(let element): return .list(list(depth: depth) { $0.value(of: element, depth: depth + 1) })
    case .map(let key, let value):
      return .map(map(depth: depth, key: key) { $0.value(of: value, depth: depth + 1) })
    case .duration: return .duration(duration())
    case .timestamp: return .timestamp(timestamp())
    case .type: return .type(.int)
    }
  }

  mutating func int() -> Int64 {
    let selector = byte()
    if selector < 200 { return Self.ints[Int(selector) % Self.ints.count] }
    return Int64(bitPattern: uint64())
  }

  mutating func uint() -> UInt64 {
    let selector = byte()
    if selector < 200 { return Self.uints[Int(selector) % Self.uints.count] }
    return uint64()
  }

  mutating func double() -> Double {
    let selector = byte()
    if selector < 180 { return Self.doubles[Int(selector) % Self.doubles.count] }
    if selector < 220 { return Double(Int64(Int8(bitPattern: byte()))) / 4 }
    return Double(bitPattern: uint64())
  }

  mutating func string() -> String {
    let selector = byte()
    if selector < 160 { return Self.strings[Int(selector) % Self.strings.count] }
    let count = Int(byte()) % 48
    var raw: [UInt8] = []
    for _ in 0..<count { raw.append(byte()) }
    return String(decoding: raw, as: UTF8.self)
  }

  mutating func bytesValue() -> [UInt8] {
    let count = Int(byte()) % 24
    return (0..<count).map { _ in byte() }
  }

  mutating func duration() -> CELDuration {
    let selector = byte()
    let nanoseconds: [Int64] = [
      0, 1, -1, 1_000_000_000, -1_000_000_000, 60_000_000_000, .max, .min, .max - 1, .min + 1,
    ]
    if selector < 128 { return CELDuration(totalNanoseconds: nanoseconds[Int(selector) % nanoseconds.count]) }
    if let seconds = CELDuration(seconds: int() % 315_576_000_001, nanos: Int64(byte()) * 3_921_568) {
      return seconds
    }
    return CELDuration(totalNanoseconds: Int64(bitPattern: uint64()))
  }

  mutating func timestamp() -> CELTimestamp {
    let span = CELTimestamp.maxSeconds - CELTimestamp.minSeconds + 1
    let selector = byte()
    let seconds: Int64
    switch selector % 4 {
    case 0: seconds = CELTimestamp.minSeconds
    case 1: seconds = CELTimestamp.maxSeconds
    case 2: seconds = 1_764_064_800
    default: seconds = CELTimestamp.minSeconds + Int64(truncatingIfNeeded: uint64() % UInt64(span))
    }
    let nanos = selector & 4 == 0 ? 0 : Int64(uint64() % 1_000_000_000)
    return CELTimestamp(seconds: seconds, nanos: nanos) ?? CELTimestamp(seconds: 0)!
  }

  private mutating func list(depth: Int, _ element: (inout ValueReader) -> CELValue) -> [CELValue] {
    guard depth < 4, budget > 0 else { return [] }
    let count = Int(byte()) % 9
    var items: [CELValue] = []
    for _ in 0..<count where budget > 0 { items.append(element(&self)) }
    return items
  }

  private mutating func map(depth: Int, key: CELType = .dyn, _ value: (inout ValueReader) -> CELValue) -> CELMap {
    guard depth < 4, budget > 0 else { return CELMap() }
    let count = Int(byte()) % 9
    var entries: [(CELValue, CELValue)] = []
    for _ in 0..<count where budget > 0 {
      let keyValue: CELValue
      switch key {
      case .bool: keyValue = .bool(byte() & 1 == 1)
      case .int: keyValue = .int(int())
      case .uint: keyValue = .uint(uint())
      case .string: keyValue = .string(string())
      default:
        switch byte() % 4 {
        case 0: keyValue = .bool(byte() & 1 == 1)
        case 1: keyValue = .int(int())
        case 2: keyValue = .uint(uint())
        default: keyValue = .string(string())
        }
      }
      entries.append((keyValue, value(&self)))
    }
    return CELMap(entries)
  }
}
