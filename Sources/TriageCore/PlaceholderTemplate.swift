import TriageCEL

/// `${fact.name}` placeholders in probe parameters, substituted one value at a time.
///
/// A placeholder is replaced by the fact's value as text; the result is never given to a shell,
/// so a hostile value stays one literal argument.
public enum PlaceholderTemplate {
  /// The fact names a parameter value refers to, in order of appearance.
  public static func references(in value: CELValue) -> [String] {
    switch value {
    case .string(let text): return references(in: text)
    case .list(let items): return items.flatMap { references(in: $0) }
    case .map(let map): return map.entries.flatMap { references(in: $0.value) }
    default: return []
    }
  }

  /// The fact names a text refers to.
  public static func references(in text: String) -> [String] {
    var names: [String] = []
    var rest = Substring(text)
    while let start = rest.range(of: "${") {
      let after = rest[start.upperBound...]
      guard let end = after.firstIndex(of: "}") else { break }
      names.append(after[..<end].trimmingCharacters(in: " "))
      rest = after[after.index(after: end)...]
    }
    return names
  }

  /// Replaces each placeholder with `lookup(name)`; `nil` from `lookup` leaves the result `nil`.
  public static func substitute(_ text: String, _ lookup: (String) -> String?) -> String? {
    var output = ""
    var rest = Substring(text)
    while let start = rest.range(of: "${") {
      output += rest[..<start.lowerBound]
      let after = rest[start.upperBound...]
      guard let end = after.firstIndex(of: "}") else {
        output += rest[start.lowerBound...]
        return output
      }
      guard let value = lookup(after[..<end].trimmingCharacters(in: " ")) else { return nil }
      output += value
      rest = after[after.index(after: end)...]
    }
    return output + rest
  }
}

extension Substring {
  fileprivate func range(of needle: String) -> Range<Substring.Index>? {
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(needle) {
        return index..<self.index(index, offsetBy: needle.count)
      }
      index = self.index(after: index)
    }
    return nil
  }

  fileprivate func trimmingCharacters(in character: Character) -> String {
    String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
  }
}
