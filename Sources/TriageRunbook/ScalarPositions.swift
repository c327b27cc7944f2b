import TriageCore

/// Maps each character of a scalar's value back to the file, for scalars whose value is not
/// their source text verbatim: escapes in quoted scalars, and lines joined by folding.
///
/// The value's characters appear in the source in the same order, so a greedy alignment finds
/// them: a space in the value may stand for a line break and its indentation, and an escape's
/// backslash is skipped.
enum ScalarPositions {
  static func map(
    value: String, style: YAMLNode.Style, source: UnsafeBufferPointer<UInt8>, start: Int, end: Int,
    at location: SourceLocation
  ) -> [SourceLocation]? {
    guard start < end, end <= source.count else { return nil }
    if isVerbatim(style: style, source: UnsafeBufferPointer(rebasing: source[start..<end])) { return nil }
    let raw = Array(String(decoding: UnsafeBufferPointer(rebasing: source[start..<end]), as: UTF8.self).unicodeScalars)
    var index = 0
    var limit = raw.count
    switch style {
    case .singleQuoted, .doubleQuoted:
      index = 1
      limit = max(1, raw.count - 1)
    case .folded:
      while index < limit, raw[index] != "\n" { index += 1 }
      index += 1
      while index < limit, raw[index] == " " { index += 1 }
    default:
      break
    }
    let valueScalars = Array(value.unicodeScalars)
    if index <= limit, raw[index..<limit].elementsEqual(valueScalars) { return nil }
    var lines: [Int] = []
    var columns: [Int] = []
    lines.reserveCapacity(raw.count)
    columns.reserveCapacity(raw.count)
    var line = location.line
    var column = location.column
    for scalar in raw {
      lines.append(line)
      columns.append(column)
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    var positions: [SourceLocation] = []
    positions.reserveCapacity(valueScalars.count)
    func position(_ at: Int) -> SourceLocation {
      let clamped = min(max(at, 0), raw.count - 1)
      return SourceLocation(file: location.file, line: lines[clamped], column: columns[clamped])
    }
    for scalar in valueScalars {
      if scalar == " " || scalar == "\n" {
        positions.append(position(index))
        if index < limit, raw[index] == scalar {
          index += 1
        } else {
          while index < limit, raw[index] == " " || raw[index] == "\n" || raw[index] == "\t" || raw[index] == "\r" {
            index += 1
          }
        }
        continue
      }
      var probe = index
      while probe < limit, raw[probe] != scalar { probe += 1 }
      if probe < limit { index = probe }
      positions.append(position(index))
      index += 1
    }
    return positions
  }

  /// Whether a one-line scalar's value is its source text as is (between the quotes): no line
  /// to fold, no escape in double quotes, no doubled quote in single quotes. A quick byte scan
  /// that spares nearly every scalar of a runbook the character alignment.
  private static func isVerbatim(style: YAMLNode.Style, source: UnsafeBufferPointer<UInt8>) -> Bool {
    let special: UInt8
    switch style {
    case .plain: special = UInt8(ascii: "\n")
    case .doubleQuoted: special = UInt8(ascii: "\\")
    case .singleQuoted: special = UInt8(ascii: "'")
    case .literal, .folded: return false
    }
    let inner = style == .plain ? source[...] : source.dropFirst().dropLast()
    return !inner.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == special }
  }
}
