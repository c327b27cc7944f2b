/// Converts libyaml's mark indexes, which count characters (code points), to byte offsets into
/// the UTF-8 text, walking forward from the last position asked (marks mostly increase). In an
/// all-ASCII text (most runbooks) the two are the same and nothing is walked.
struct UTF8CharacterOffsets {
  private let bytes: UnsafeBufferPointer<UInt8>
  private let isASCII: Bool
  private var character = 0
  private var byte = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.isASCII = Self.isASCII(bytes)
  }

  /// The byte offset of the character at `index` (clamped to the end of the text).
  mutating func byteOffset(ofCharacter index: Int) -> Int {
    if isASCII { return min(max(index, 0), bytes.count) }
    if index < character {
      character = 0
      byte = 0
    }
    while character < index, byte < bytes.count {
      byte += 1
      while byte < bytes.count, bytes[byte] & 0xC0 == 0x80 { byte += 1 }
      character += 1
    }
    return byte
  }

  /// Whether every byte is below 0x80, eight at a time.
  private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var seen: UInt64 = 0
    var index = 0
    while index + 8 <= bytes.count {
      seen |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      index += 8
    }
    while index < bytes.count {
      seen |= UInt64(bytes[index])
      index += 1
    }
    return seen & 0x8080_8080_8080_8080 == 0
  }
}
