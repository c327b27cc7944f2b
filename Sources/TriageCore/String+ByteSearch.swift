import Glibc

extension String {
  /// Whether the UTF-8 bytes of `needle` occur in the string: a plain byte search (`memchr`
  /// for the first byte, then `memcmp`), many times faster than `contains(_:)`, which compares
  /// grapheme clusters — for ASCII needles such as a function name, the same answer.
  func containsBytes(of needle: StaticString) -> Bool {
    let length = needle.utf8CodeUnitCount
    guard length > 0 else { return true }
    var text = self
    return text.withUTF8 { haystack in
      guard var start = haystack.baseAddress, haystack.count >= length else { return false }
      let end = start + haystack.count
      let first = Int32(needle.utf8Start.pointee)
      while end - start >= length {
        guard let hit = memchr(start, first, end - start - length + 1) else { return false }
        let found = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
        if memcmp(found, needle.utf8Start, length) == 0 { return true }
        start = found + 1
      }
      return false
    }
  }
}
