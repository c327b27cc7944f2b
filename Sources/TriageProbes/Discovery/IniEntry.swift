import Foundation

/// One `key = value` of an INI-style file (uWSGI, PHP-FPM, PgBouncer), with its section.
struct IniEntry: Sendable {
  /// The section (`uwsgi`, `www`, `pgbouncer`), lowercased; "" before the first.
  var section: String
  /// The key as written (`http-socket`, `pm.status_path`).
  var key: String
  /// The value, unquoted.
  var value: String
  /// Where it is.
  var line: ConfigLine

  /// The entries of a file; `include = PATTERN` lines (PHP-FPM) are followed.
  static func read(_ path: String) -> [IniEntry]? {
    let base = (path as NSString).deletingLastPathComponent
    guard
      let lines = ConfigLine.readIncluding(
        path, comment: ";", base: base,
        include: { line in
          let parts = split(line.text)
          return parts?.key == "include" ? parts?.value : nil
        })
    else { return nil }
    var section = ""
    var entries: [IniEntry] = []
    for line in lines {
      let text = line.text.hasPrefix("#") ? "" : line.text
      if text.hasPrefix("["), text.hasSuffix("]") {
        section = String(text.dropFirst().dropLast()).lowercased()
      } else if let parts = split(text) {
        entries.append(IniEntry(section: section, key: parts.key, value: parts.value, line: line))
      }
    }
    return entries
  }

  private static func split(_ text: String) -> (key: String, value: String)? {
    guard let equals = text.firstIndex(of: "=") else { return nil }
    let key = text[..<equals].trimming(" \t")
    var value = text[text.index(after: equals)...].trimming(" \t")
    if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
      value = String(value.dropFirst().dropLast())
    }
    return key.isEmpty ? nil : (key, value)
  }
}

extension StringProtocol {
  func trimming(_ characters: String) -> String {
    let set = Set(characters)
    return String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
  }
}
