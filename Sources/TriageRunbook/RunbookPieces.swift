#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A large runbook file cut at line boundaries into pieces that parse on their own, so that
/// libyaml and the decoder can work on every core.
///
/// A cut falls only where the file's shape makes it safe to guess: at a top-level key (a line
/// that starts at column 0 with a plain name), or at an item of a long top-level list section
/// (`rules:`, `causes:` …, written as a block list). A piece that starts inside a list section
/// gets that section's key line in front (`rules:`), so every piece is a runbook mapping of its
/// own. The guess is verified, not trusted: a cut inside something that spans lines (a quoted
/// scalar, a flow collection) leaves a piece that does not parse, and the caller then decodes the
/// whole file in order (see ``RunbookDecoder/decodePieces(_:file:limits:)``).
struct RunbookPieces {
  /// One piece: its text and where it sits in the file.
  struct Piece: Sendable {
    /// The bytes to parse: the continued section's key line, when there is one, then the piece's lines.
    var bytes: [UInt8]
    /// Added to the 1-based line of a position in `bytes` to give the line in the file.
    var lineOffset: Int
    /// The list section whose items the piece continues from the piece before.
    var continues: String?
  }

  /// Files smaller than this are decoded in one piece: threads would cost more than they save.
  static let minimumSize = 128 << 10

  /// A line where a piece may start.
  private struct Cut {
    var offset: Int
    var line: Int
    var continues: String?
  }

  /// The pieces of `bytes`, at most `count` of them; nil when the file is smaller than
  /// `minimumSize` or its shape gives no safe place to cut (several documents, directives, a
  /// byte-order mark).
  static func cut(
    _ bytes: UnsafeBufferPointer<UInt8>, into count: Int, minimumSize: Int
  ) -> [Piece]? {
    guard count > 1, bytes.count >= minimumSize, let cuts = candidates(bytes) else { return nil }
    var chosen: [Cut] = [Cut(offset: 0, line: 1, continues: nil)]
    var next = cuts.startIndex
    for part in 1..<count {
      let target = part * bytes.count / count
      while next < cuts.endIndex, cuts[next].offset < target || cuts[next].offset <= chosen[chosen.count - 1].offset {
        next += 1
      }
      guard next < cuts.endIndex else { break }
      chosen.append(cuts[next])
    }
    guard chosen.count > 1 else { return nil }
    return chosen.indices.map { index in
      let cut = chosen[index]
      let end = index + 1 < chosen.count ? chosen[index + 1].offset : bytes.count
      var text: [UInt8] = []
      var lineOffset = cut.line - 1
      if let section = cut.continues {
        text.reserveCapacity(section.utf8.count + 2 + end - cut.offset)
        text.append(contentsOf: section.utf8)
        text.append(contentsOf: ":\n".utf8)
        lineOffset -= 1
      }
      text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cut.offset..<end]))
      return Piece(bytes: text, lineOffset: lineOffset, continues: cut.continues)
    }
  }

  /// Every line where a piece may start, in order; nil when the file must not be cut at all.
  private static func candidates(_ bytes: UnsafeBufferPointer<UInt8>) -> [Cut]? {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
    var cuts: [Cut] = []
    /// The list section being read, and the indentation of its items once known.
    var section: String?
    var itemIndent: Int?
    var offset = 0
    var line = 1
    var sawContent = false
    // The bytes that start other line breaks are rare: without any, lines end where memchr
    // finds a newline.
    guard let base = bytes.baseAddress else { return cuts }
    let mayHaveOtherBreaks = [0x0D, 0xC2, 0xE2].contains { memchr(base, $0, bytes.count) != nil }
    while offset < bytes.count {
      var end = offset
      if mayHaveOtherBreaks {
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") {
          if isOtherLineBreak(bytes, at: end) { return nil }
          end += 1
        }
      } else {
        let newline = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset)
        end = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
      }
      let text = UnsafeBufferPointer(rebasing: bytes[offset..<end])
      switch lineKind(text) {
      case .blank:
        break
      case .documentMarker:
        return nil
      case .topLevelKey(let name, let opensBlock):
        if sawContent { cuts.append(Cut(offset: offset, line: line, continues: nil)) }
        sawContent = true
        section = opensBlock && RunbookDecoder.listSections.contains(name) ? name : nil
        itemIndent = nil
      case .indented(let indent, let isItem):
        // The root mapping's keys must start at column 0, or a line there is not one of them.
        guard sawContent else { return nil }
        if let name = section {
          // Not before the first item: the piece before would end in `rules:` alone (null).
          if itemIndent == nil {
            itemIndent = isItem ? indent : -1
          } else if isItem, indent == itemIndent {
            cuts.append(Cut(offset: offset, line: line, continues: name))
          }
        }
      case .other:
        guard sawContent else { return nil }
        section = nil
      }
      offset = end + 1
      line += 1
    }
    return cuts
  }

  /// Whether a line break libyaml counts, and a cut by newlines does not, starts at `index`: a
  /// carriage return alone, or NEL, LS or PS (lines after it would be numbered one off).
  private static func isOtherLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    switch bytes[index] {
    case 0x0D: index + 1 == bytes.count || bytes[index + 1] != 0x0A
    case 0xC2: index + 1 < bytes.count && bytes[index + 1] == 0x85
    case 0xE2: index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] & 0xFE) == 0xA8
    default: false
    }
  }

  private enum LineKind {
    /// Empty, spaces only, or a comment.
    case blank
    /// `---`, `...` or a `%` directive at column 0.
    case documentMarker
    /// `name:` at column 0; `opensBlock` when nothing but a comment follows the colon.
    case topLevelKey(String, opensBlock: Bool)
    /// Text after `indent` spaces; `isItem` when it starts a block list item (`- `).
    case indented(Int, isItem: Bool)
    /// Anything else at column 0 (a list item, a quoted key, a tab …): not a place to cut.
    case other
  }

  private static func lineKind(_ line: UnsafeBufferPointer<UInt8>) -> LineKind {
    var indent = 0
    while indent < line.count, line[indent] == UInt8(ascii: " ") { indent += 1 }
    let rest = UnsafeBufferPointer(rebasing: line[indent...])
    guard let first = rest.first, first != UInt8(ascii: "\r"), first != UInt8(ascii: "#") else { return .blank }
    if indent > 0 {
      let isItem = first == UInt8(ascii: "-") && (rest.count == 1 || isSpace(rest[1]))
      return .indented(indent, isItem: isItem)
    }
    if rest.starts(with: "---".utf8) || rest.starts(with: "...".utf8) || first == UInt8(ascii: "%") {
      return .documentMarker
    }
    var nameEnd = 0
    while nameEnd < rest.count, isNameByte(rest[nameEnd]) { nameEnd += 1 }
    guard nameEnd > 0, !isDigit(first), nameEnd < rest.count, rest[nameEnd] == UInt8(ascii: ":"),
      nameEnd + 1 == rest.count || isSpace(rest[nameEnd + 1])
    else { return .other }
    var after = nameEnd + 1
    while after < rest.count, isSpace(rest[after]) { after += 1 }
    let opensBlock = after == rest.count || rest[after] == UInt8(ascii: "#")
    let name = String(decoding: UnsafeBufferPointer(rebasing: rest[..<nameEnd]), as: UTF8.self)
    return .topLevelKey(name, opensBlock: opensBlock)
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || isDigit(byte) || byte == UInt8(ascii: "_")
  }
}
