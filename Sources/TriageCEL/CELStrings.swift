/// String operations by Unicode code point, without canonical normalization.
///
/// Swift's `String ==` and `<` compare canonically equivalent strings as equal; CEL does not.
/// UTF-8 byte order coincides with code point order, so these work on the UTF-8 views.
enum CELStrings {
  /// Whether two strings have identical code point sequences.
  @inline(__always)
  static func equal(_ a: String, _ b: String) -> Bool {
    let au = a.utf8
    let bu = b.utf8
    guard au.count == bu.count else { return false }
    return au.elementsEqual(bu)
  }

  /// Orders two strings by code point.
  static func compare(_ a: String, _ b: String) -> CELOrdering {
    var ai = a.utf8.makeIterator()
    var bi = b.utf8.makeIterator()
    while true {
      switch (ai.next(), bi.next()) {
      case (nil, nil): return .equal
      case (nil, _): return .less
      case (_, nil): return .greater
      case (let x?, let y?):
        if x != y { return x < y ? .less : .greater }
      }
    }
  }

  /// Hashes the code point sequence of a string.
  static func hash(_ string: String, into hasher: inout Hasher) {
    var copy = string
    copy.withUTF8 { buffer in
      hasher.combine(buffer.count)
      hasher.combine(bytes: UnsafeRawBufferPointer(buffer))
    }
  }

  /// The number of Unicode code points in a string.
  static func size(_ string: String) -> Int {
    string.unicodeScalars.count
  }

  /// Whether `string` contains `part` as a contiguous code point sequence.
  static func contains(_ string: String, _ part: String) -> Bool {
    let haystack = Array(string.utf8)
    let needle = Array(part.utf8)
    if needle.isEmpty { return true }
    if needle.count > haystack.count { return false }
    let first = needle[0]
    var start = 0
    let last = haystack.count - needle.count
    while start <= last {
      if haystack[start] == first {
        var matched = true
        var offset = 1
        while offset < needle.count {
          if haystack[start + offset] != needle[offset] {
            matched = false
            break
          }
          offset += 1
        }
        if matched { return true }
      }
      start += 1
    }
    return false
  }

  /// Whether `string` begins with the code points of `prefix`.
  static func hasPrefix(_ string: String, _ prefix: String) -> Bool {
    string.utf8.starts(with: prefix.utf8)
  }

  /// Whether `string` ends with the code points of `suffix`.
  static func hasSuffix(_ string: String, _ suffix: String) -> Bool {
    let s = string.utf8
    let x = suffix.utf8
    guard x.count <= s.count else { return false }
    return s.suffix(x.count).elementsEqual(x)
  }
}
