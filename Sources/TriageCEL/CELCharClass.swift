/// A set of Unicode scalars matched by one regular expression step.
struct CELCharClass: Sendable {
  private enum Item: Sendable {
    case ranges([ClosedRange<UInt32>])
    case notRanges([ClosedRange<UInt32>])
    case category(CELUnicodeCategory, negated: Bool)
  }

  private var items: [Item] = []
  /// Whether the class matches scalars *not* in it (`[^...]`).
  var negated = false
  private var asciiLow: UInt64 = 0
  private var asciiHigh: UInt64 = 0

  static let digits: [ClosedRange<UInt32>] = [48...57]
  static let space: [ClosedRange<UInt32>] = [9...10, 12...13, 32...32]
  static let word: [ClosedRange<UInt32>] = [48...57, 65...90, 95...95, 97...122]
  static let posix: [String: [ClosedRange<UInt32>]] = [
    "alnum": [48...57, 65...90, 97...122],
    "alpha": [65...90, 97...122],
    "ascii": [0...0x7F],
    "blank": [9...9, 32...32],
    "cntrl": [0...31, 127...127],
    "digit": [48...57],
    "graph": [33...126],
    "lower": [97...122],
    "print": [32...126],
    "punct": [33...47, 58...64, 91...96, 123...126],
    "space": [9...13, 32...32],
    "upper": [65...90],
    "word": [48...57, 65...90, 95...95, 97...122],
    "xdigit": [48...57, 65...70, 97...102],
  ]

  /// Adds a range of scalars.
  mutating func add(_ range: ClosedRange<UInt32>) {
    items.append(.ranges([range]))
  }

  /// Adds several ranges.
  mutating func addAll(_ ranges: [ClosedRange<UInt32>]) {
    items.append(.ranges(ranges))
  }

  /// Adds every scalar outside `ranges`.
  mutating func add(negated ranges: [ClosedRange<UInt32>]) {
    items.append(.notRanges(ranges))
  }

  /// Adds a Unicode general category (or its complement).
  mutating func add(category: CELUnicodeCategory, negated: Bool) {
    items.append(.category(category, negated: negated))
  }

  /// Adds the items of another class built from an escape (never negated as a whole).
  mutating func merge(_ other: CELCharClass) {
    items.append(contentsOf: other.items)
  }

  /// The single scalar this class consists of, if it is exactly one.
  var singleScalar: UInt32? {
    guard !negated, items.count == 1, case .ranges(let ranges) = items[0], ranges.count == 1,
      ranges[0].lowerBound == ranges[0].upperBound
    else { return nil }
    return ranges[0].lowerBound
  }

  /// Adds the simple upper/lower/title case variants of the explicitly listed scalars.
  mutating func addCaseVariants() {
    var extra: [ClosedRange<UInt32>] = []
    var budget = 20_000
    for item in items {
      guard case .ranges(let ranges) = item else { continue }
      for range in ranges {
        if range.count > budget { continue }
        budget -= range.count
        for value in range {
          guard let scalar = Unicode.Scalar(value) else { continue }
          let properties = scalar.properties
          for mapping in [
            properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping,
          ] {
            let mapped = mapping.unicodeScalars
            if mapped.count == 1, let variant = mapped.first, variant.value != value {
              extra.append(variant.value...variant.value)
            }
          }
        }
      }
    }
    if !extra.isEmpty { items.append(.ranges(extra)) }
  }

  /// Precomputes the ASCII bitmap; call once the class is complete.
  mutating func finalize() {
    asciiLow = 0
    asciiHigh = 0
    for value in UInt32(0)..<128 where slowContains(value) {
      if value < 64 {
        asciiLow |= 1 << UInt64(value)
      } else {
        asciiHigh |= 1 << UInt64(value - 64)
      }
    }
  }

  /// Whether the class matches `value` (after `finalize()`).
  @inline(__always)
  func contains(_ value: UInt32) -> Bool {
    if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
    if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
    return slowContains(value)
  }

  private func slowContains(_ value: UInt32) -> Bool {
    var found = false
    for item in items {
      switch item {
      case .ranges(let ranges):
        found = ranges.contains { $0.contains(value) }
      case .notRanges(let ranges):
        found = !ranges.contains { $0.contains(value) }
      case .category(let category, let negatedCategory):
        found = category.contains(value) != negatedCategory
      }
      if found { break }
    }
    return found != negated
  }
}

/// A Unicode general category class such as `\pL` or `\p{Lu}`.
struct CELUnicodeCategory: Sendable {
  private let mask: UInt32
  private let any: Bool

  /// Creates a category from its RE2 name (`L`, `Lu`, `N`, `Any`, …); `nil` when unsupported.
  init?(name: String) {
    if name == "Any" {
      mask = 0
      any = true
      return
    }
    let groups: [String: [String]] = [
      "L": ["Lu", "Ll", "Lt", "Lm", "Lo"], "M": ["Mn", "Mc", "Me"], "N": ["Nd", "Nl", "No"],
      "P": ["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"], "S": ["Sm", "Sc", "Sk", "So"],
      "Z": ["Zs", "Zl", "Zp"], "C": ["Cc", "Cf", "Cs", "Co", "Cn"],
    ]
    let names = groups[name] ?? [name]
    var mask: UInt32 = 0
    for member in names {
      guard let index = Self.allNames.firstIndex(of: member) else { return nil }
      mask |= 1 << UInt32(index)
    }
    self.mask = mask
    self.any = false
  }

  private static let allNames = [
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi",
    "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
  ]

  /// Whether the scalar `value` belongs to the category.
  func contains(_ value: UInt32) -> Bool {
    if any { return true }
    guard let scalar = Unicode.Scalar(value) else { return mask & (1 << 27) != 0 }
    return mask & (1 << Self.index(of: scalar.properties.generalCategory)) != 0
  }

  private static func index(of category: Unicode.GeneralCategory) -> UInt32 {
    switch category {
    case .uppercaseLetter: return 0
    case .lowercaseLetter: return 1
    case .titlecaseLetter: return 2
    case .modifierLetter: return 3
    case .otherLetter: return 4
    case .nonspacingMark: return 5
    case .spacingMark: return 6
    case .enclosingMark: return 7
    case .decimalNumber: return 8
    case .letterNumber: return 9
    case .otherNumber: return 10
    case .connectorPunctuation: return 11
    case .dashPunctuation: return 12
    case .openPunctuation: return 13
    case .closePunctuation: return 14
    case .initialPunctuation: return 15
    case .finalPunctuation: return 16
    case .otherPunctuation: return 17
    case .mathSymbol: return 18
    case .currencySymbol: return 19
    case .modifierSymbol: return 20
    case .otherSymbol: return 21
    case .spaceSeparator: return 22
    case .lineSeparator: return 23
    case .paragraphSeparator: return 24
    case .control: return 25
    case .format: return 26
    case .surrogate: return 27
    case .privateUse: return 28
    case .unassigned: return 29
    @unknown default: return 29
    }
  }
}
