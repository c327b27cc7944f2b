/// A 64-bit FNV-1a digest of the runbook texts loaded, in load order: which runbook version
/// produced a report. It identifies content; it is not a cryptographic hash.
struct ContentDigest {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ text: String) {
    for byte in text.utf8 {
      state ^= UInt64(byte)
      state = state &* 0x0000_0100_0000_01b3
    }
    state ^= 0xff
    state = state &* 0x0000_0100_0000_01b3
  }

  /// The digest as 16 hex digits.
  var hex: String {
    let digits = String(state, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
