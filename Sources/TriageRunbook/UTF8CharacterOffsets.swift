/// Converts libyaml's mark indexes, which count characters (code points), to byte offsets into
/// the UTF-8 text, walking forward from the last position asked (marks mostly increase).
struct UTF8CharacterOffsets {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var character = 0
  private var byte = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The byte offset of the character at `index` (clamped to the end of the text).
  mutating func byteOffset(ofCharacter index: Int) -> Int {
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
}
