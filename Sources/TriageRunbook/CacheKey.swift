import Foundation

/// A 128-bit hash of texts: of everything a compiled catalog depends on (triage's version, the
/// loader's settings, each runbook file's path and bytes), naming its cache file; and of the
/// runbook files' contents alone, the catalog digest that reports show.
///
/// Two independent 64-bit lanes over 8-byte words with a final avalanche: fast on tens of
/// megabytes (a warm start reads and hashes every file), and a damaged or edited file changes it.
struct CacheKey {
  private var first: UInt64 = 0x9E37_79B9_7F4A_7C15
  private var second: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private var length: UInt64 = 0

  /// Adds the bytes of a text, and its length, so that consecutive texts cannot run together.
  mutating func add(_ text: String) {
    var copy = text
    copy.withUTF8 { add($0) }
  }

  /// Adds bytes, and their count.
  mutating func add(_ bytes: ArraySlice<UInt8>) {
    bytes.withUnsafeBufferPointer { add($0) }
  }

  /// Adds bytes, and their count.
  mutating func add(_ data: Data) {
    data.withUnsafeBytes { add($0.bindMemory(to: UInt8.self)) }
  }

  private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
    var index = 0
    while index + 8 <= bytes.count {
      let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
      mix(UInt64(littleEndian: word))
      index += 8
    }
    var tail: UInt64 = 0
    while index < bytes.count {
      tail = tail << 8 | UInt64(bytes[index])
      index += 1
    }
    mix(tail)
    mix(UInt64(bytes.count))
    length &+= UInt64(bytes.count)
  }

  private mutating func mix(_ word: UInt64) {
    first = (first ^ word) &* 0xFF51_AFD7_ED55_8CCD
    first = (first << 31) | (first >> 33)
    second = (second ^ word ^ first) &* 0xC4CE_B9FE_1A85_EC53
    second = (second << 29) | (second >> 35)
  }

  private static func avalanche(_ value: UInt64) -> UInt64 {
    var x = value
    x ^= x >> 33
    x = x &* 0xFF51_AFD7_ED55_8CCD
    x ^= x >> 33
    x = x &* 0xC4CE_B9FE_1A85_EC53
    x ^= x >> 33
    return x
  }

  /// The key as 32 hexadecimal digits.
  var hex: String {
    [Self.avalanche(first ^ length), Self.avalanche(second &+ first)].map { lane in
      let digits = String(lane, radix: 16)
      return String(repeating: "0", count: 16 - digits.count) + digits
    }.joined()
  }
}
