import TriageCEL

extension CatalogBuilder {
  /// Declares every fact with its one provider, reporting facts with two providers.
  mutating func declareFacts(into facts: inout FactTable) {
    // About one derived fact a rule: an estimate, so that the table grows rarely.
    var capacity = factSpecs.count + questionSpecs.count + rules.count
    for symptom in symptoms { capacity += symptom.inputs.count }
    for probe in probes { capacity += probe.yields.count }
    facts.reserveCapacity(capacity)
    let specs = factSpecs
    factSpecs = []
    for spec in specs {
      guard checkFactName(spec.name) else { continue }
      let (id, isNew) = facts.declare(
        spec.name.value, type: spec.type.value, provider: .external, at: spec.name.location)
      guard isNew else {
        let existing = facts.declarations[id]
        error(
          "fact '\(spec.name.value)' is declared twice (first at \(existing.location.map(String.init(describing:)) ?? "?"))",
          at: spec.name.location)
        continue
      }
      facts.update(id) {
        $0.description = spec.description
        $0.secret = spec.secret
        $0.defaultValue = spec.defaultValue.flatMap { spec.type.value.coerce($0.value) }
        $0.hasExplicitDefault = $0.defaultValue != nil
      }
      if let value = spec.defaultValue, spec.type.value.coerce(value.value) == nil {
        error("default \(value.value.abbreviated()) is not of type \(spec.type.value)", at: value.location)
      }
    }
    for symptom in symptoms {
      for input in symptom.inputs {
        declareInput(input, of: symptom.id.value, into: &facts)
      }
    }
    for probe in probes {
      for yield in probe.yields {
        guard checkFactName(yield.fact) else { continue }
        provide(yield.fact, by: .probe(probe.id.value), type: yield.type?.value, into: &facts)
        if yield.secret, let id = facts.index[yield.fact.value] {
          facts.update(id) { $0.secret = true }
        }
      }
    }
    // Whether a rule calls now() is found in the same pass: a second one over ten thousand rules
    // costs a cache miss a rule.
    var rulesCallNow = false
    for rule in rules {
      rulesCallNow = rulesCallNow || rule.when.mayCallNow
      guard case .derive(let derivations) = rule.action else { continue }
      for derivation in derivations {
        rulesCallNow = rulesCallNow || derivation.expression.mayCallNow
        guard checkFactName(derivation.fact) else { continue }
        provide(derivation.fact, by: .derived, type: nil, into: &facts)
      }
    }
    if rulesCallNow || callsNowOutsideRules {
      let id = facts.declare(Catalog.nowFactName, type: .timestamp, provider: .external, at: nil).id
      facts.update(id) { $0.description = "The time of the run, fixed once (what now() reads)." }
    }
    for question in questionSpecs {
      guard checkFactName(question.fact) else { continue }
      let (id, isNew) = facts.declare(
        question.fact.value, type: question.type?.value ?? .dyn, provider: .external, at: question.fact.location)
      if !isNew, facts.declarations[id].provider == .derived {
        error(
          "question asks for '\(question.fact.value)', which rules derive; a question can only ask for a base fact",
          at: question.fact.location)
      }
    }
  }

  private mutating func declareInput(_ input: InputSpec, of symptom: String, into facts: inout FactTable) {
    let name = "input." + input.name.value
    guard checkFactName(Located(name, at: input.name.location)) else { return }
    let (id, isNew) = facts.declare(
      name, type: input.type.value, provider: .input(symptom: symptom, name: input.name.value), at: input.name.location)
    guard isNew else {
      let existing = facts.declarations[id]
      if case .input = existing.provider {
        if existing.type != input.type.value {
          error(
            "input '\(input.name.value)' is declared with type \(input.type.value) here and \(existing.type) elsewhere",
            at: input.type.location)
        }
      } else {
        error("fact '\(name)' is provided by \(existing.provider) and by an input", at: input.name.location)
      }
      return
    }
    facts.update(id) {
      $0.secret = input.secret
      $0.description = input.description
    }
    if let value = input.defaultValue, input.type.value.coerce(value.value) == nil {
      error(
        "default \(value.value.abbreviated()) of input '\(input.name.value)' is not of type \(input.type.value)",
        at: value.location)
    }
  }

  /// Whether any expression outside the rules calls `now()` (a textual test: a string that spells
  /// `now(` only declares the fact for nothing).
  private var callsNowOutsideRules: Bool {
    func calls(_ text: ExpressionText?) -> Bool { text?.mayCallNow ?? false }
    for symptom in symptoms where calls(symptom.detect) || calls(symptom.reachable) { return true }
    for probe in probes where calls(probe.when) || probe.yields.contains(where: { calls($0.expression) }) {
      return true
    }
    for cause in causes where cause.remediation.contains(where: { calls($0.when) }) { return true }
    if addedRemediation.contains(where: { calls($0.when) }) { return true }
    return checklist.contains { calls($0.spec.pass) }
  }

  /// Records `provider` for a fact, reporting a second provider of a base fact.
  private mutating func provide(
    _ name: Located<String>, by provider: FactDeclaration.Provider, type: FactType?, into facts: inout FactTable
  ) {
    let (id, isNew) = facts.declare(name.value, type: type ?? .dyn, provider: provider, at: name.location)
    guard !isNew else { return }
    switch (facts.declarations[id].provider, provider) {
    case (.external, _):
      facts.update(id) {
        $0.provider = provider
        if let type, $0.type == .dyn { $0.type = type }
      }
    case (.derived, .derived):
      break
    default:
      let existing = facts.declarations[id]
      let first = existing.location.map { " (at \($0))" } ?? ""
      error(
        "fact '\(name.value)' has two providers: \(existing.provider)\(first) and \(provider); a base fact has exactly one",
        at: name.location)
    }
  }

  /// Checks a dotted fact name: identifiers separated by dots, none of them a CEL reserved word.
  mutating func checkFactName(_ name: Located<String>) -> Bool {
    let segments = Self.nameSegments(name.value)
    guard let segments else {
      error(
        "invalid fact name '\(name.value)': use identifiers separated by dots, like 'app.listening'", at: name.location)
      return false
    }
    if let reserved = segments.reserved {
      error("invalid fact name '\(name.value)': '\(reserved)' is a reserved word", at: name.location)
      return false
    }
    if segments.startsWithResult {
      error("invalid fact name '\(name.value)': 'result' is reserved for probe results", at: name.location)
      return false
    }
    return true
  }

  /// Reads a dotted name a byte at a time, in its contiguous UTF-8 (names are checked by the
  /// ten thousand in a large catalog); nil unless every segment is an ASCII identifier. Gives the
  /// first segment that is a reserved word, and whether the first segment is `result`.
  private static func nameSegments(_ name: String) -> (reserved: String?, startsWithResult: Bool)? {
    var name = name
    return name.withUTF8 { bytes -> (reserved: String?, startsWithResult: Bool)? in
      var reserved: String?
      var startsWithResult = false
      var segmentStart = 0
      for index in 0...bytes.count {
        guard index == bytes.count || bytes[index] == UInt8(ascii: ".") else {
          let byte = bytes[index]
          guard byte == UInt8(ascii: "_") || isLetter(byte) || (byte >= 0x30 && byte <= 0x39) else { return nil }
          continue
        }
        let segment = UnsafeBufferPointer(rebasing: bytes[segmentStart..<index])
        guard let first = segment.first, first == UInt8(ascii: "_") || isLetter(first) else { return nil }
        // Reserved words are 2 to 9 lowercase letters: only those are looked up.
        if reserved == nil, (2...9).contains(segment.count), segment.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }),
          case let word = String(decoding: segment, as: UTF8.self), reservedWords.contains(word)
        {
          reserved = word
        }
        if segmentStart == 0 { startsWithResult = segment.elementsEqual("result".utf8) }
        segmentStart = index + 1
      }
      return (reserved, startsWithResult)
    }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
  }

  static let reservedWords: Set<String> = [
    "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
    "let", "loop", "package", "namespace", "return", "var", "void", "while",
  ]
}
