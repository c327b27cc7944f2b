import TriageCEL
import TriageCore

/// Reads typed values out of YAML nodes, collecting a located diagnostic for every problem.
struct NodeDecoder {
  var diagnostics: [Diagnostic] = []

  mutating func error(_ message: String, at location: SourceLocation) {
    diagnostics.append(Diagnostic(.error, message, at: location))
  }

  /// The entries of a mapping by key, after checking for unknown, duplicate and missing keys.
  mutating func mapping(
    _ node: YAMLNode, _ what: String, keys allowed: [String], required: [String] = []
  ) -> Fields? {
    guard let pairs = node.mapping else {
      error("expected a mapping for \(what), found \(describe(node))", at: node.location)
      return nil
    }
    var fields = Fields()
    fields.entries.reserveCapacity(pairs.count)
    for (key, value) in pairs {
      guard let name = fieldName(key, what, allowed: allowed, isDuplicate: { fields[$0] != nil }) else {
        continue
      }
      fields.entries.append((name, key.location, value))
    }
    for name in required where fields[name] == nil {
      error("\(what) is missing required key '\(name)'", at: node.location)
    }
    return fields
  }

  /// The name of a key of a mapping with fixed keys; nil, with an error, when the key is not a
  /// string, repeats an earlier one, or is not one of `allowed`.
  mutating func fieldName(
    _ key: YAMLNode, _ what: String, allowed: [String], isDuplicate: (String) -> Bool
  ) -> String? {
    guard let name = key.scalar else {
      error("keys of \(what) must be strings", at: key.location)
      return nil
    }
    if isDuplicate(name) {
      error("duplicate key '\(name)' in \(what)", at: key.location)
      return nil
    }
    guard allowed.contains(name) else {
      let hint = Suggestion.hint(for: name, in: allowed)
      error("unknown key '\(name)' in \(what)\(hint)", at: key.location)
      return nil
    }
    return name
  }

  /// The name of an entry of a mapping whose keys the author chooses; nil, with an error, when
  /// the key is not a string or repeats one in `seen`.
  mutating func entryName(_ key: YAMLNode, _ what: String, seen: inout Set<String>) -> Located<String>? {
    guard let name = key.scalar else {
      error("keys of \(what) must be strings", at: key.location)
      return nil
    }
    guard seen.insert(name).inserted else {
      error("duplicate key '\(name)' in \(what)", at: key.location)
      return nil
    }
    return Located(name, at: key.location)
  }

  /// A mapping whose keys are names chosen by the author (fact names, parameters), in order.
  mutating func namedEntries(_ node: YAMLNode, _ what: String) -> [(name: Located<String>, value: YAMLNode)]? {
    guard let pairs = node.mapping else {
      error("expected a mapping for \(what), found \(describe(node))", at: node.location)
      return nil
    }
    var seen = Set<String>()
    var entries: [(name: Located<String>, value: YAMLNode)] = []
    for (key, value) in pairs {
      if let name = entryName(key, what, seen: &seen) { entries.append((name, value)) }
    }
    return entries
  }

  /// The items of a sequence.
  mutating func sequence(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
    guard let items = node.sequence else {
      error("expected a list for \(what), found \(describe(node))", at: node.location)
      return nil
    }
    return items
  }

  /// Text: any non-null scalar, so `title: 503` reads as the text "503".
  mutating func string(_ node: YAMLNode?, _ what: String) -> Located<String>? {
    guard let node else { return nil }
    guard case .scalar(let text, let style, _) = node.content, !(style == .plain && isNull(text)) else {
      error("expected a string for '\(what)', found \(describe(node))", at: node.location)
      return nil
    }
    return Located(text, at: node.location)
  }

  /// An id: text without spaces or control characters.
  mutating func identifier(_ node: YAMLNode?, _ what: String) -> Located<String>? {
    guard let text = string(node, what) else { return nil }
    let valid =
      !text.value.isEmpty && (text.value.utf8.count <= 200 || text.value.count <= 200)
      && text.value.unicodeScalars.allSatisfy {
        Self.isASCIIIdentifierCharacter($0) || (!$0.isASCII && $0.properties.isAlphabetic)
      }
    guard valid else {
      error("invalid \(what) '\(text.value)': use letters, digits, '-', '_', '.', ':' or '/'", at: text.location)
      return nil
    }
    return text
  }

  /// An ASCII letter, digit, or one of `-_.:/`.
  private static func isASCIIIdentifierCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", ":", "/": true
    default: false
    }
  }

  /// A CEL expression as text, positioned where its text starts.
  mutating func expression(_ node: YAMLNode?, _ what: String) -> ExpressionText? {
    guard let node else { return nil }
    if case .scalar(let text, _, let tag) = node.content, case let hint = YAMLHint.forTag(tag, text: text),
      !hint.isEmpty
    {
      error("the expression for '\(what)' lost its start\(hint)", at: node.location)
      return nil
    }
    guard case .scalar(let text, let style, _) = node.content, !(style == .plain && isNull(text)) else {
      error("expected an expression (a string) for '\(what)', found \(describe(node))", at: node.location)
      return nil
    }
    guard text.utf8.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\t") })
    else {
      error("empty expression for '\(what)'", at: node.location)
      return nil
    }
    return ExpressionText(text, at: node.contentLocation, positions: node.positions)
  }

  mutating func bool(_ node: YAMLNode?, _ what: String) -> Bool? {
    guard let node else { return nil }
    guard case .scalar(let text, let style, let tag) = node.content,
      case .bool(let value) = YAMLScalarResolver.resolve(text, style: style, tag: tag)
    else {
      error("expected true or false for '\(what)', found \(describe(node))", at: node.location)
      return nil
    }
    return value
  }

  mutating func number(_ node: YAMLNode?, _ what: String) -> Located<Double>? {
    guard let node else { return nil }
    if case .scalar(let text, let style, let tag) = node.content {
      switch YAMLScalarResolver.resolve(text, style: style, tag: tag) {
      case .int(let value): return Located(Double(value), at: node.location)
      case .double(let value) where value.isFinite: return Located(value, at: node.location)
      default: break
      }
    }
    error("expected a number for '\(what)', found \(describe(node))", at: node.location)
    return nil
  }

  mutating func duration(_ node: YAMLNode?, _ what: String) -> Located<Duration>? {
    guard let text = string(node, what) else { return nil }
    guard let parsed = CELDuration(parsing: text.value.trimmingSpaces()) else {
      error(
        "invalid duration '\(text.value)' for '\(what)': use a number and a unit, like 500ms, 5s or 1m",
        at: text.location)
      return nil
    }
    return Located(.nanoseconds(parsed.totalNanoseconds), at: text.location)
  }

  mutating func factType(_ node: YAMLNode?, _ what: String) -> Located<FactType>? {
    guard let text = string(node, what) else { return nil }
    guard let type = FactType(rawValue: text.value) else {
      let names = FactType.allCases.map(\.rawValue).joined(separator: ", ")
      error("unknown type '\(text.value)' for '\(what)': use one of \(names)", at: text.location)
      return nil
    }
    return Located(type, at: text.location)
  }

  /// A list of texts; a single text is accepted as a list of one.
  mutating func strings(_ node: YAMLNode?, _ what: String) -> [Located<String>] {
    guard let node else { return [] }
    if case .scalar = node.content { return string(node, what).map { [$0] } ?? [] }
    guard let items = sequence(node, what) else { return [] }
    return items.compactMap { string($0, what) }
  }

  /// Any YAML value as a CEL value: scalars by the core schema, sequences as lists, mappings as maps.
  mutating func value(_ node: YAMLNode) -> Located<CELValue> {
    Located(convert(node), at: node.location)
  }

  private func convert(_ node: YAMLNode) -> CELValue {
    switch node.content {
    case .scalar(let text, let style, let tag): YAMLScalarResolver.resolve(text, style: style, tag: tag)
    case .sequence(let items): .list(items.map(convert))
    case .mapping(let pairs): .map(CELMap(pairs.map { (convert($0.key), convert($0.value)) }))
    }
  }

  func describe(_ node: YAMLNode) -> String {
    switch node.content {
    case .scalar(let text, let style, let tag):
      let hint = YAMLHint.forTag(tag, text: text)
      switch YAMLScalarResolver.resolve(text, style: style, tag: tag) {
      case .null: return "null" + hint
      case .bool(let value): return "'\(value)'" + hint
      case .string(let text) where text.count > 40: return "'\(text.prefix(40))…'" + hint
      default: return "'\(text)'" + hint
      }
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }

  private func isNull(_ text: String) -> Bool {
    text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
  }
}

/// The checked entries of one YAML mapping (a few fixed keys: searched in order, not hashed).
struct Fields {
  var entries: [(name: String, keyLocation: SourceLocation, value: YAMLNode)] = []

  subscript(key: String) -> YAMLNode? { entries.first { $0.name == key }?.value }

  /// Where the key `key` is written, when the mapping has it.
  func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.name == key }?.keyLocation }
}
