import Foundation

/// One logical line of a server's configuration file, comments removed, with where it is.
struct ConfigLine: Sendable {
  /// The line's text, trimmed, without its comment.
  var text: String
  /// The file it is in.
  var file: String
  /// Its line number (1-based).
  var number: Int

  /// `file:line`, as provenance.
  var location: String { "\(file):\(number)" }

  /// The line split into words; double- or single-quoted words keep their spaces.
  var words: [String] { Self.words(text) }

  /// The largest configuration file discovery reads.
  static let maximumBytes = 4 << 20
  /// The most files one configuration may include.
  static let maximumFiles = 256

  /// The lines of a regular file (nil when it cannot be read), `comment` starting a comment
  /// outside quotes.
  static func read(_ path: String, comment: Character = "#") -> [ConfigLine]? {
    guard let metadata = try? FileInspector.metadata(path), metadata.type == "file",
      let contents = try? FileInspector.read(path, limit: maximumBytes)
    else { return nil }
    var lines: [ConfigLine] = []
    for (index, raw) in String(decoding: contents.bytes, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false
    ).enumerated() {
      let text = stripComment(raw, comment).trimmingCharacters(in: .whitespaces)
      if !text.isEmpty { lines.append(ConfigLine(text: text, file: path, number: index + 1)) }
    }
    return lines
  }

  /// The lines of `path` with each include directive replaced by the lines of the files it
  /// names (relative to `base`), to a bounded depth and number of files.
  static func readIncluding(
    _ path: String, comment: Character = "#", base: String, include: (ConfigLine) -> String?
  ) -> [ConfigLine]? {
    var files = 0
    func expand(_ file: String, depth: Int) -> [ConfigLine]? {
      files += 1
      guard files <= maximumFiles, depth < 8, let lines = read(file, comment: comment) else { return nil }
      var output: [ConfigLine] = []
      for line in lines {
        guard let pattern = include(line) else {
          output.append(line)
          continue
        }
        let absolute = pattern.hasPrefix("/") ? pattern : (base as NSString).appendingPathComponent(pattern)
        for match in GlobExpansion.paths(absolute) { output += expand(match, depth: depth + 1) ?? [] }
      }
      return output
    }
    return expand(path, depth: 0)
  }

  /// `a "b c" 'd'` → `["a", "b c", "d"]`.
  static func words(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quote: Character?
    var inWord = false
    for character in text {
      if let open = quote {
        if character == open { quote = nil } else { current.append(character) }
      } else if character == "\"" || character == "'" {
        quote = character
        inWord = true
      } else if character == " " || character == "\t" {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    return words
  }

  private static func stripComment(_ line: Substring, _ comment: Character) -> Substring {
    var quote: Character?
    for index in line.indices {
      let character = line[index]
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if character == comment,
        index == line.startIndex || line[line.index(before: index)] == " " || line[line.index(before: index)] == "\t"
      {
        return line[..<index]
      }
    }
    return line
  }
}
