import Foundation
import TriageCEL

/// Parsers that turn file contents or command output into `result.parsed`.
enum OutputParser: String, CaseIterable {
  /// `/proc/loadavg` → `{load1, load5, load15, running, total}`.
  case loadavg
  /// `/proc/meminfo` → field → int (kB for the fields that carry a unit).
  case meminfo
  /// `key: value` or `key=value` lines → map of strings (comments and blank lines skipped).
  case kv
  /// → `{lines: [string], fields: [[string]]}` (fields: each line split on whitespace).
  case lines
  /// → the JSON value.
  case json
  /// `/proc/pressure/*` → `{some: {avg10, avg60, avg300, total}, full: {…}}`.
  case pressure
  /// → a list with one map per line matching `regex`: named group → text.
  case regex

  /// The parser names, for messages.
  static let names = allCases.map(\.rawValue).joined(separator: ", ")

  /// Parses `bytes`; `pattern` is the regular expression of ``regex``.
  func parse(_ bytes: [UInt8], pattern: String? = nil) throws(ParseFailure) -> CELValue {
    if self == .json {
      do {
        return try JSONParser.parse(bytes)
      } catch {
        throw ParseFailure(message: "not JSON: \(error)")
      }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    switch self {
    case .loadavg: return try Self.loadavg(text)
    case .meminfo: return Self.meminfo(lines)
    case .kv: return Self.keyValues(lines)
    case .lines:
      return .record([
        ("lines", .list(lines.map(CELValue.string))),
        ("fields", .list(lines.map { .list($0.split(whereSeparator: \.isWhitespace).map { .string(String($0)) }) })),
      ])
    case .pressure: return Self.pressure(lines)
    case .regex: return try Self.regexGroups(lines, pattern: pattern)
    case .json: return .null
    }
  }

  /// Why parsing failed.
  struct ParseFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  private static func loadavg(_ text: String) throws(ParseFailure) -> CELValue {
    let fields = text.split(whereSeparator: \.isWhitespace)
    guard fields.count >= 4, let one = Double(fields[0]), let five = Double(fields[1]),
      let fifteen = Double(fields[2])
    else { throw ParseFailure(message: "not in /proc/loadavg format") }
    let tasks = fields[3].split(separator: "/")
    return .record([
      ("load1", .double(one)), ("load5", .double(five)), ("load15", .double(fifteen)),
      ("running", .integer(tasks.first.flatMap { Int($0) } ?? 0)),
      ("total", .integer(tasks.count > 1 ? Int(tasks[1]) ?? 0 : 0)),
    ])
  }

  private static func meminfo(_ lines: [String]) -> CELValue {
    var entries: [(String, CELValue)] = []
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let value = line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace).first.flatMap { Int64($0) }
      if let value { entries.append((String(line[..<colon]), .int(value))) }
    }
    return .record(entries)
  }

  private static func keyValues(_ lines: [String]) -> CELValue {
    var entries: [(String, CELValue)] = []
    for raw in lines {
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty, !line.hasPrefix("#"), let separator = line.firstIndex(where: { $0 == ":" || $0 == "=" })
      else { continue }
      let key = line[..<separator].trimmingCharacters(in: .whitespaces)
      var value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
        value = String(value.dropFirst().dropLast())
      }
      guard !key.isEmpty else { continue }
      if let index = entries.firstIndex(where: { $0.0 == key }) {
        entries[index].1 = .string(value)
      } else {
        entries.append((key, .string(value)))
      }
    }
    return .record(entries)
  }

  private static func pressure(_ lines: [String]) -> CELValue {
    var entries: [(String, CELValue)] = []
    for line in lines {
      let words = line.split(whereSeparator: \.isWhitespace)
      guard let kind = words.first else { continue }
      var values: [(String, CELValue)] = []
      for word in words.dropFirst() {
        let pair = word.split(separator: "=", maxSplits: 1)
        guard pair.count == 2 else { continue }
        if pair[0] == "total" {
          values.append(("total", .int(Int64(pair[1]) ?? 0)))
        } else {
          values.append((String(pair[0]), .double(Double(pair[1]) ?? 0)))
        }
      }
      entries.append((String(kind), .record(values)))
    }
    return .record(entries)
  }

  private static func regexGroups(_ lines: [String], pattern: String?) throws(ParseFailure) -> CELValue {
    guard let pattern, !pattern.isEmpty else { throw ParseFailure(message: "parse: regex needs a `regex` pattern") }
    let expression: NSRegularExpression
    do {
      expression = try NSRegularExpression(pattern: pattern)
    } catch {
      throw ParseFailure(message: "invalid regular expression: \(pattern)")
    }
    let names = groupNames(in: pattern)
    var rows: [CELValue] = []
    for line in lines {
      let capped = String(line.prefix(LineLimits.maximumLineLength))
      let range = NSRange(capped.startIndex..., in: capped)
      guard let match = expression.firstMatch(in: capped, range: range) else { continue }
      var fields: [(String, CELValue)] = []
      for name in names {
        let groupRange = match.range(withName: name)
        let value = Range(groupRange, in: capped).map { String(capped[$0]) } ?? ""
        fields.append((name, .string(value)))
      }
      rows.append(.record(fields))
    }
    return .list(rows)
  }

  /// The names of the `(?<name>…)` groups of a pattern, in order.
  static func groupNames(in pattern: String) -> [String] {
    var names: [String] = []
    var characters = Array(pattern)
    characters.append(" ")
    var index = 0
    while index + 3 < characters.count {
      if characters[index] == "\\" {
        index += 2
        continue
      }
      if characters[index] == "(", characters[index + 1] == "?", characters[index + 2] == "<",
        characters[index + 3] != "=", characters[index + 3] != "!"
      {
        let rest = characters[(index + 3)...]
        if let close = rest.firstIndex(of: ">") {
          names.append(String(characters[(index + 3)..<close]))
          index = close
        }
      }
      index += 1
    }
    return names
  }
}

/// Bounds on the text a probe matches regular expressions against.
enum LineLimits {
  /// Characters of a line kept for matching.
  static let maximumLineLength = 4096
  /// Lines kept.
  static let maximumLines = 10000
}
