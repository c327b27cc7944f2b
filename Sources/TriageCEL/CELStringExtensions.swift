/// CEL's strings extension library (the functions of cel-go's `ext.Strings`): `charAt`,
/// `indexOf`, `lastIndexOf`, `lowerAscii`, `upperAscii`, `replace`, `split`, `substring`, `trim`,
/// `join`, `reverse`, `format` and `strings.quote`. Indexes count Unicode code points.
///
/// ```swift
/// var environment = CELEnvironment()
/// environment.registerStringExtensions()
/// // 'a,b'.split(',') == ['a', 'b']
/// ```
public enum CELStringExtensions {
  /// Every function of the library, each overload once.
  public static let functions: [CELFunction] = [
    receiver("charAt", [.int], .string) { text, args in
      let scalars = Array(text.unicodeScalars)
      guard case .int(let index) = args[0] else { return nil }
      guard index >= 0, index <= scalars.count else { return .error(outOfRange(index)) }
      return .value(.string(index == scalars.count ? "" : String(scalars[Int(index)])))
    },
    receiver("indexOf", [.string], .int) { text, args in
      guard case .string(let part) = args[0] else { return nil }
      return index(of: part, in: text, from: nil)
    },
    receiver("indexOf", [.string, .int], .int) { text, args in
      guard case .string(let part) = args[0], case .int(let start) = args[1] else { return nil }
      return index(of: part, in: text, from: start)
    },
    receiver("lastIndexOf", [.string], .int) { text, args in
      guard case .string(let part) = args[0] else { return nil }
      return lastIndex(of: part, in: text, before: nil)
    },
    receiver("lastIndexOf", [.string, .int], .int) { text, args in
      guard case .string(let part) = args[0], case .int(let last) = args[1] else { return nil }
      return lastIndex(of: part, in: text, before: last)
    },
    receiver("lowerAscii", [], .string) { text, _ in .value(.string(asciiMapped(text, upper: false))) },
    receiver("upperAscii", [], .string) { text, _ in .value(.string(asciiMapped(text, upper: true))) },
    receiver("replace", [.string, .string], .string) { text, args in
      guard case .string(let old) = args[0], case .string(let new) = args[1] else { return nil }
      return replace(text, old, new, limit: -1).map { .value(.string($0)) } ?? .error(tooLarge)
    },
    receiver("replace", [.string, .string, .int], .string) { text, args in
      guard case .string(let old) = args[0], case .string(let new) = args[1], case .int(let limit) = args[2]
      else { return nil }
      return replace(text, old, new, limit: limit).map { .value(.string($0)) } ?? .error(tooLarge)
    },
    receiver("split", [.string], .list(.string)) { text, args in
      guard case .string(let separator) = args[0] else { return nil }
      return .value(.list(split(text, separator, limit: -1).map { .string($0) }))
    },
    receiver("split", [.string, .int], .list(.string)) { text, args in
      guard case .string(let separator) = args[0], case .int(let limit) = args[1] else { return nil }
      return .value(.list(split(text, separator, limit: limit).map { .string($0) }))
    },
    receiver("substring", [.int], .string) { text, args in
      guard case .int(let start) = args[0] else { return nil }
      return substring(text, start, nil)
    },
    receiver("substring", [.int, .int], .string) { text, args in
      guard case .int(let start) = args[0], case .int(let end) = args[1] else { return nil }
      return substring(text, start, end)
    },
    receiver("trim", [], .string) { text, _ in
      let scalars = Array(text.unicodeScalars)
      guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
      else { return .value(.string("")) }
      return .value(.string(String(String.UnicodeScalarView(scalars[first...last]))))
    },
    receiver("reverse", [], .string) { text, _ in
      .value(.string(String(String.UnicodeScalarView(text.unicodeScalars.reversed()))))
    },
    receiver("format", [.list(.dyn)], .string) { text, args in
      guard case .list(let values) = args[0] else { return nil }
      return CELStringFormat.format(text, values)
    },
    CELFunction(name: "join", style: .receiver, parameterTypes: [.list(.string)], resultType: .string) { args in
      join(args[0], separator: "")
    },
    CELFunction(name: "join", style: .receiver, parameterTypes: [.list(.string), .string], resultType: .string) {
      args in
      guard case .string(let separator) = args[1] else { return .error(.noMatchingOverload("join", args)) }
      return join(args[0], separator: separator)
    },
    CELFunction(name: "strings.quote", style: .global, parameterTypes: [.string], resultType: .string) { args in
      guard case .string(let text) = args[0] else { return .error(.noMatchingOverload("strings.quote", args)) }
      return .value(.string(quote(text)))
    },
  ]

  /// The library function `name` with this style and arity (receiver included), if any.
  public static func function(named name: String, style: CELFunction.Style, arity: Int) -> CELFunction? {
    functions.first { $0.name == name && $0.style == style && $0.arity == arity }
  }

  /// A receiver function on strings; `body` returns nil for arguments of the wrong types.
  private static func receiver(
    _ name: String, _ parameters: [CELType], _ result: CELType,
    _ body: @escaping @Sendable (String, [CELValue]) -> CELOutcome?
  ) -> CELFunction {
    CELFunction(name: name, style: .receiver, parameterTypes: [.string] + parameters, resultType: result) { args in
      guard case .string(let text) = args[0], let outcome = body(text, Array(args.dropFirst())) else {
        return .error(.noMatchingOverload(name, args))
      }
      return outcome
    }
  }

  static func outOfRange(_ index: Int64) -> CELError { CELError("index out of range: \(index)") }

  /// A result past the string size limit, refused before it is built.
  static let tooLarge = CELError("string too large: the result would exceed \(CELLimits().maxStringSize) bytes")

  /// cel-go's `indexOf`: an empty part is found where the search starts; otherwise the start
  /// must be a code point of the text.
  private static func index(of part: String, in text: String, from start: Int64?) -> CELOutcome {
    let scalars = Array(text.unicodeScalars)
    let needle = Array(part.unicodeScalars)
    if needle.isEmpty { return .value(.int(start ?? 0)) }
    if let start, start < 0 || start >= scalars.count { return .error(outOfRange(start)) }
    var index = Int(start ?? 0)
    while index + needle.count <= scalars.count {
      if scalars[index..<(index + needle.count)].elementsEqual(needle) { return .value(.int(Int64(index))) }
      index += 1
    }
    return .value(.int(-1))
  }

  /// cel-go's `lastIndexOf`: an empty part is found at the end (or where the search starts);
  /// otherwise the start must be a code point of the text.
  private static func lastIndex(of part: String, in text: String, before last: Int64?) -> CELOutcome {
    let scalars = Array(text.unicodeScalars)
    let needle = Array(part.unicodeScalars)
    if needle.isEmpty { return .value(.int(last ?? Int64(scalars.count))) }
    if let last, last < 0 || last >= scalars.count { return .error(outOfRange(last)) }
    var index = min(Int(last ?? Int64(scalars.count)), scalars.count - needle.count)
    while index >= 0 {
      if scalars[index..<(index + needle.count)].elementsEqual(needle) { return .value(.int(Int64(index))) }
      index -= 1
    }
    return .value(.int(-1))
  }

  private static func asciiMapped(_ text: String, upper: Bool) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if upper, (97...122).contains(value) {
        scalars.append(Unicode.Scalar(value - 32)!)
      } else if !upper, (65...90).contains(value) {
        scalars.append(Unicode.Scalar(value + 32)!)
      } else {
        scalars.append(scalar)
      }
    }
    return String(scalars)
  }

  /// Go's `strings.Replace`: at most `limit` replacements (all when negative); an empty `old`
  /// matches before every code point and at the end.
  static func replace(_ text: String, _ old: String, _ new: String, limit: Int64) -> String? {
    let scalars = Array(text.unicodeScalars)
    let needle = Array(old.unicodeScalars)
    // The most it can grow to, checked before building it: an empty `old` matches everywhere.
    let most = needle.isEmpty ? scalars.count + 1 : scalars.count / needle.count
    let replacements = limit < 0 ? most : min(most, Int(clamping: limit))
    guard text.utf8.count + replacements * new.utf8.count <= CELLimits().maxStringSize else { return nil }
    var output = String.UnicodeScalarView()
    var remaining = limit
    var index = 0
    if needle.isEmpty {
      for scalar in scalars {
        if remaining != 0 {
          output.append(contentsOf: new.unicodeScalars)
          remaining -= 1
        }
        output.append(scalar)
      }
      if remaining != 0 { output.append(contentsOf: new.unicodeScalars) }
      return String(output)
    }
    while index < scalars.count {
      if remaining != 0, index + needle.count <= scalars.count,
        scalars[index..<(index + needle.count)].elementsEqual(needle)
      {
        output.append(contentsOf: new.unicodeScalars)
        index += needle.count
        remaining -= 1
      } else {
        output.append(scalars[index])
        index += 1
      }
    }
    return String(output)
  }

  /// Go's `strings.SplitN`: `limit` 0 gives no parts, a negative one every part, a positive one
  /// at most that many (the last holds the rest); an empty separator splits every code point.
  static func split(_ text: String, _ separator: String, limit: Int64) -> [String] {
    if limit == 0 { return [] }
    let scalars = Array(text.unicodeScalars)
    let needle = Array(separator.unicodeScalars)
    var parts: [String] = []
    if needle.isEmpty {
      for (offset, scalar) in scalars.enumerated() {
        if limit > 0, parts.count == limit - 1 {
          parts.append(String(String.UnicodeScalarView(scalars[offset...])))
          return parts
        }
        parts.append(String(scalar))
      }
      return parts
    }
    var start = 0
    var index = 0
    while index + needle.count <= scalars.count {
      if limit > 0, parts.count == limit - 1 { break }
      if scalars[index..<(index + needle.count)].elementsEqual(needle) {
        parts.append(String(String.UnicodeScalarView(scalars[start..<index])))
        index += needle.count
        start = index
      } else {
        index += 1
      }
    }
    parts.append(String(String.UnicodeScalarView(scalars[start...])))
    return parts
  }

  private static func substring(_ text: String, _ start: Int64, _ end: Int64?) -> CELOutcome {
    let scalars = Array(text.unicodeScalars)
    let end = end ?? Int64(scalars.count)
    guard start >= 0, start <= scalars.count else { return .error(outOfRange(start)) }
    guard end >= 0, end <= scalars.count else { return .error(outOfRange(end)) }
    guard start <= end else { return .error(CELError("invalid substring range. start: \(start), end: \(end)")) }
    return .value(.string(String(String.UnicodeScalarView(scalars[Int(start)..<Int(end)]))))
  }

  private static func join(_ list: CELValue, separator: String) -> CELOutcome {
    guard case .list(let items) = list else { return .error(.noMatchingOverload("join", [list])) }
    var parts: [String] = []
    for item in items {
      guard case .string(let text) = item else { return .error(.noMatchingOverload("join", [list])) }
      parts.append(text)
    }
    return .value(.string(parts.joined(separator: separator)))
  }

  /// A string as a double-quoted literal, escaping what cel-go's `strings.quote` escapes.
  static func quote(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\u{07}": output += "\\a"
      case "\u{08}": output += "\\b"
      case "\u{0C}": output += "\\f"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{0B}": output += "\\v"
      case "\\": output += "\\\\"
      case "\"": output += "\\\""
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output + "\""
  }
}

extension CELEnvironment {
  /// Makes CEL's strings extension library available (see ``CELStringExtensions``).
  public mutating func registerStringExtensions() {
    for function in CELStringExtensions.functions { register(function) }
  }
}
