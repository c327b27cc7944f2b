/// The parsed form of an RE2 regular expression.
indirect enum CELRegexNode: Sendable {
  case empty
  /// One scalar in a class.
  case set(CELCharClass)
  /// Any scalar; `newline` says whether `\n` is included.
  case any(newline: Bool)
  case concat([CELRegexNode])
  case alternate([CELRegexNode])
  /// `min` to `max` (`nil` = unbounded) repetitions.
  case `repeat`(CELRegexNode, min: Int, max: Int?)
  case assertion(CELRegexAssertion)
}

/// Zero-width assertions.
enum CELRegexAssertion: Sendable {
  case beginText, endText, beginLine, endLine, wordBoundary, notWordBoundary
}

/// A syntax error in a regular expression.
struct CELRegexError: Error, Sendable {
  var message: String
}

/// Parses RE2 syntax (the dialect CEL's `matches` uses).
struct CELRegexParser {
  private struct Flags {
    var caseInsensitive = false
    var multiLine = false
    var dotAll = false
  }

  private let scalars: [Unicode.Scalar]
  private var index = 0
  private var depth = 0
  private static let maxDepth = 200
  private static let maxRepeat = 1000

  /// Parses `pattern`.
  static func parse(_ pattern: String) throws(CELRegexError) -> CELRegexNode {
    var parser = CELRegexParser(scalars: Array(pattern.unicodeScalars))
    var flags = Flags()
    let node = try parser.alternation(&flags)
    if parser.index < parser.scalars.count {
      throw CELRegexError(message: "unexpected ')'")
    }
    return node
  }

  private init(scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  private var atEnd: Bool { index >= scalars.count }
  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    index + ahead < scalars.count ? scalars[index + ahead] : nil
  }

  private mutating func alternation(_ flags: inout Flags) throws(CELRegexError) -> CELRegexNode {
    var branches = [try concatenation(&flags)]
    while peek() == "|" {
      index += 1
      branches.append(try concatenation(&flags))
    }
    return branches.count == 1 ? branches[0] : .alternate(branches)
  }

  private mutating func concatenation(_ flags: inout Flags) throws(CELRegexError) -> CELRegexNode {
    var items: [CELRegexNode] = []
    while let c = peek(), c != "|", c != ")" {
      if c == "(" && peek(1) == "?", let applied = try flagGroup(&flags), !applied {
        continue
      }
      var atom = try self.atom(&flags)
      atom = try quantified(atom)
      items.append(atom)
    }
    switch items.count {
    case 0: return .empty
    case 1: return items[0]
    default: return .concat(items)
    }
  }

  /// Handles `(?flags)` (returns false: nothing to append) or returns `nil` for other groups.
  private mutating func flagGroup(_ flags: inout Flags) throws(CELRegexError) -> Bool? {
    var ahead = 2
    var sawFlag = false
    while let c = peek(ahead), c == "i" || c == "m" || c == "s" || c == "U" || c == "-" {
      sawFlag = true
      ahead += 1
    }
    guard sawFlag, peek(ahead) == ")" else { return nil }
    var negate = false
    for offset in 2..<ahead {
      switch scalars[index + offset] {
      case "-": negate = true
      case "i": flags.caseInsensitive = !negate
      case "m": flags.multiLine = !negate
      case "s": flags.dotAll = !negate
      default: break
      }
    }
    index += ahead + 1
    return false
  }

  private mutating func quantified(_ atom: CELRegexNode) throws(CELRegexError) -> CELRegexNode {
    var node = atom
    var quantifiedOnce = false
    while let c = peek() {
      var bounds: (Int, Int?)
      switch c {
      case "*": bounds = (0, nil)
      case "+": bounds = (1, nil)
      case "?": bounds = (0, 1)
      case "{":
        guard let parsed = repetitionBounds() else { return node }
        bounds = parsed
        index -= 1
      default: return node
      }
      if quantifiedOnce {
        throw CELRegexError(message: "bad repetition operator")
      }
      if let high = bounds.1, high < bounds.0 {
        throw CELRegexError(message: "invalid repeat count")
      }
      if bounds.0 > Self.maxRepeat || (bounds.1 ?? 0) > Self.maxRepeat {
        throw CELRegexError(message: "invalid repeat count")
      }
      if case .empty = node {
        throw CELRegexError(message: "missing argument to repetition operator")
      }
      if case .assertion = node {
        throw CELRegexError(message: "missing argument to repetition operator")
      }
      index += 1
      if peek() == "?" { index += 1 }
      node = .repeat(node, min: bounds.0, max: bounds.1)
      quantifiedOnce = true
    }
    return node
  }

  /// Parses `{n}`, `{n,}` or `{n,m}` at the current `{`; leaves `index` after `}`.
  private mutating func repetitionBounds() -> (Int, Int?)? {
    let start = index
    index += 1
    func number() -> Int? {
      var value = 0
      var digits = 0
      while let c = peek(), c.value >= 48 && c.value <= 57 {
        value = min(value * 10 + Int(c.value - 48), 100_000)
        digits += 1
        index += 1
      }
      return digits > 0 ? value : nil
    }
    guard let low = number() else {
      index = start
      return nil
    }
    var high: Int? = low
    if peek() == "," {
      index += 1
      high = number()
    }
    guard peek() == "}" else {
      index = start
      return nil
    }
    index += 1
    return (low, high)
  }

  private mutating func atom(_ flags: inout Flags) throws(CELRegexError) -> CELRegexNode {
    guard let c = peek() else { throw CELRegexError(message: "unexpected end of pattern") }
    switch c {
    case "(":
      index += 1
      depth += 1
      defer { depth -= 1 }
      if depth > Self.maxDepth { throw CELRegexError(message: "expression nests too deeply") }
      var inner = flags
      if peek() == "?" {
        index += 1
        if peek() == "P" || peek() == "<" {
          if peek() == "P" { index += 1 }
          guard peek() == "<" else { throw CELRegexError(message: "invalid named capture") }
          index += 1
          var nameLength = 0
          while let d = peek(), d != ">" {
            guard d == "_" || d.properties.isAlphabetic || (d.value >= 48 && d.value <= 57) else {
              throw CELRegexError(message: "invalid named capture")
            }
            nameLength += 1
            index += 1
          }
          guard peek() == ">", nameLength > 0 else {
            throw CELRegexError(message: "invalid named capture")
          }
          index += 1
        } else {
          var negate = false
          var sawFlag = false
          loop: while let d = peek() {
            switch d {
            case "-": negate = true
            case "i": inner.caseInsensitive = !negate
            case "m": inner.multiLine = !negate
            case "s": inner.dotAll = !negate
            case "U": break
            case ":": break loop
            default: throw CELRegexError(message: "invalid or unsupported group syntax")
            }
            sawFlag = sawFlag || d != "-"
            index += 1
          }
          guard peek() == ":" else { throw CELRegexError(message: "missing closing )") }
          index += 1
        }
      }
      let node = try alternation(&inner)
      guard peek() == ")" else { throw CELRegexError(message: "missing closing )") }
      index += 1
      return node
    case ")":
      throw CELRegexError(message: "unexpected )")
    case "*", "+", "?":
      throw CELRegexError(message: "missing argument to repetition operator")
    case "[":
      index += 1
      return .set(try bracketClass(flags))
    case ".":
      index += 1
      return .any(newline: flags.dotAll)
    case "^":
      index += 1
      return .assertion(flags.multiLine ? .beginLine : .beginText)
    case "$":
      index += 1
      return .assertion(flags.multiLine ? .endLine : .endText)
    case "\\":
      return try escape(flags)
    default:
      index += 1
      return literal(c, flags)
    }
  }

  private func literal(_ c: Unicode.Scalar, _ flags: Flags) -> CELRegexNode {
    var set = CELCharClass()
    set.add(c.value...c.value)
    if flags.caseInsensitive { set.addCaseVariants() }
    return .set(set)
  }

  private mutating func escape(_ flags: Flags) throws(CELRegexError) -> CELRegexNode {
    index += 1
    guard let c = peek() else { throw CELRegexError(message: "trailing backslash") }
    switch c {
    case "A":
      index += 1
      return .assertion(.beginText)
    case "z":
      index += 1
      return .assertion(.endText)
    case "b":
      index += 1
      return .assertion(.wordBoundary)
    case "B":
      index += 1
      return .assertion(.notWordBoundary)
    case "Q":
      index += 1
      var items: [CELRegexNode] = []
      while let d = peek() {
        if d == "\\" && peek(1) == "E" {
          index += 2
          break
        }
        items.append(literal(d, flags))
        index += 1
      }
      return items.isEmpty ? .empty : .concat(items)
    default:
      var set = CELCharClass()
      try classEscape(into: &set)
      if flags.caseInsensitive { set.addCaseVariants() }
      return .set(set)
    }
  }

  /// Parses an escape usable inside or outside brackets (at the backslash's successor).
  private mutating func classEscape(into set: inout CELCharClass) throws(CELRegexError) {
    guard let c = peek() else { throw CELRegexError(message: "trailing backslash") }
    index += 1
    switch c {
    case "d": set.add(48...57)
    case "D": set.add(negated: CELCharClass.digits)
    case "s": set.addAll(CELCharClass.space)
    case "S": set.add(negated: CELCharClass.space)
    case "w": set.addAll(CELCharClass.word)
    case "W": set.add(negated: CELCharClass.word)
    case "p", "P":
      let name: String
      if peek() == "{" {
        index += 1
        var text = ""
        while let d = peek(), d != "}" {
          text.unicodeScalars.append(d)
          index += 1
        }
        guard peek() == "}" else { throw CELRegexError(message: "invalid character class range") }
        index += 1
        name = text
      } else if let d = peek() {
        index += 1
        name = String(d)
      } else {
        throw CELRegexError(message: "invalid character class range")
      }
      var negate = c == "P"
      var property = name
      if property.hasPrefix("^") {
        negate.toggle()
        property.removeFirst()
      }
      guard let category = CELUnicodeCategory(name: property) else {
        throw CELRegexError(message: "invalid or unsupported Unicode class '\(name)'")
      }
      set.add(category: category, negated: negate)
    case "a": set.add(7...7)
    case "f": set.add(12...12)
    case "t": set.add(9...9)
    case "n": set.add(10...10)
    case "r": set.add(13...13)
    case "v": set.add(11...11)
    case "x":
      var value: UInt32 = 0
      if peek() == "{" {
        index += 1
        var digits = 0
        while let d = peek(), let h = Self.hex(d) {
          value = min(value << 4 | h, 0x11_0000)
          digits += 1
          index += 1
        }
        guard digits > 0, peek() == "}" else { throw CELRegexError(message: "invalid escape") }
        index += 1
      } else {
        for _ in 0..<2 {
          guard let d = peek(), let h = Self.hex(d) else {
            throw CELRegexError(message: "invalid escape")
          }
          value = value << 4 | h
          index += 1
        }
      }
      guard value <= 0x10FFFF else { throw CELRegexError(message: "invalid escape") }
      set.add(value...value)
    case "0"..."7":
      // Octal: \0, \01, \012 (RE2 rejects backreferences \1-\9 unless octal with leading 0).
      guard c == "0" else {
        throw CELRegexError(message: "backreferences are not supported")
      }
      var value: UInt32 = 0
      var digits = 0
      while digits < 2, let d = peek(), d.value >= 48 && d.value <= 55 {
        value = value * 8 + d.value - 48
        digits += 1
        index += 1
      }
      set.add(value...value)
    default:
      // RE2 allows escaping any punctuation.
      if c.value < 128 && !(c.properties.isAlphabetic || (c.value >= 48 && c.value <= 57)) {
        set.add(c.value...c.value)
      } else {
        throw CELRegexError(message: "invalid escape sequence '\\\(c.escaped(asASCII: true))'")
      }
    }
  }

  private static func hex(_ c: Unicode.Scalar) -> UInt32? {
    switch c.value {
    case 48...57: return c.value - 48
    case 65...70: return c.value - 55
    case 97...102: return c.value - 87
    default: return nil
    }
  }

  private mutating func bracketClass(_ flags: Flags) throws(CELRegexError) -> CELCharClass {
    var set = CELCharClass()
    if peek() == "^" {
      set.negated = true
      index += 1
    }
    var first = true
    while true {
      guard let c = peek() else { throw CELRegexError(message: "missing closing ]") }
      if c == "]" && !first {
        index += 1
        break
      }
      first = false
      if c == "[" && peek(1) == ":" {
        if try posixClass(into: &set) { continue }
      }
      let low: UInt32
      if c == "\\" {
        index += 1
        var escaped = CELCharClass()
        try classEscape(into: &escaped)
        guard let single = escaped.singleScalar else {
          set.merge(escaped)
          continue
        }
        low = single
      } else {
        index += 1
        low = c.value
      }
      if peek() == "-", let next = peek(1), next != "]" {
        index += 1
        let high: UInt32
        if next == "\\" {
          index += 1
          var escaped = CELCharClass()
          try classEscape(into: &escaped)
          guard let single = escaped.singleScalar else {
            throw CELRegexError(message: "invalid character class range")
          }
          high = single
        } else {
          index += 1
          high = next.value
        }
        guard low <= high else { throw CELRegexError(message: "invalid character class range") }
        set.add(low...high)
      } else {
        set.add(low...low)
      }
    }
    if flags.caseInsensitive { set.addCaseVariants() }
    return set
  }

  /// Parses `[:alpha:]` and friends inside a bracket; returns false if not a POSIX class.
  private mutating func posixClass(into set: inout CELCharClass) throws(CELRegexError) -> Bool {
    var ahead = 2
    var name = ""
    while let d = peek(ahead), d != ":" {
      name.unicodeScalars.append(d)
      ahead += 1
      if ahead > 12 { return false }
    }
    guard peek(ahead) == ":", peek(ahead + 1) == "]" else { return false }
    var negate = false
    if name.hasPrefix("^") {
      negate = true
      name.removeFirst()
    }
    guard let ranges = CELCharClass.posix[name] else {
      throw CELRegexError(message: "invalid character class range '[:\(name):]'")
    }
    if negate {
      set.add(negated: ranges)
    } else {
      set.addAll(ranges)
    }
    index += ahead + 2
    return true
  }
}
