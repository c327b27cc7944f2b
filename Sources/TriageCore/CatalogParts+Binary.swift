import TriageBinary
import TriageCEL

// The binary forms of the parts of a ``Catalog`` (see `Catalog+Binary.swift`).

extension SourceLocation: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(file)
    writer.write(line)
    writer.write(column)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self.init(file: try reader.read(String.self), line: try reader.read(Int.self), column: try reader.read(Int.self))
  }
}

extension FactType: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) { writer.write(rawValue) }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    guard let type = FactType(rawValue: try reader.read(String.self)) else {
      throw BinaryFormatError("unknown fact type")
    }
    self = type
  }
}

extension FactDeclaration: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(name)
    writer.write(type)
    writer.write(description)
    writer.write(secret)
    switch provider {
    case .input(let symptom, let name):
      writer.writeUnsigned(0)
      writer.write(symptom)
      writer.write(name)
    case .probe(let id):
      writer.writeUnsigned(1)
      writer.write(id)
    case .derived: writer.writeUnsigned(2)
    case .external: writer.writeUnsigned(3)
    }
    writer.write(defaultValue)
    writer.write(hasExplicitDefault)
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let id = try reader.read(Int.self)
    let name = try reader.read(String.self)
    let type = try reader.read(FactType.self)
    let description = try reader.read(String?.self)
    let secret = try reader.read(Bool.self)
    let provider: Provider
    switch try reader.readUnsigned() {
    case 0: provider = .input(symptom: try reader.read(String.self), name: try reader.read(String.self))
    case 1: provider = .probe(try reader.read(String.self))
    case 2: provider = .derived
    case 3: provider = .external
    case let tag: throw BinaryFormatError("unknown provider tag \(tag)")
    }
    self.init(
      id: id, name: name, type: type, description: description, secret: secret, provider: provider,
      defaultValue: try reader.read(CELValue?.self))
    hasExplicitDefault = try reader.read(Bool.self)
    location = try reader.read(SourceLocation?.self)
  }
}

extension Expression: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(program)
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let program = try reader.read(CELProgram.self)
    self.init(source: program.source, program: program, location: try reader.read(SourceLocation.self))
  }
}

extension Rule: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(when)
    switch action {
    case .derive(let derivations):
      writer.writeUnsigned(0)
      writer.writeUnsigned(UInt64(derivations.count))
      for derivation in derivations {
        writer.write(derivation.factID)
        writer.write(derivation.expression)
      }
    case .conclude(let cause, let certainty):
      writer.writeUnsigned(1)
      writer.write(cause)
      writer.write(certainty)
    }
    writer.write(because)
    writer.write(location)
  }

  public convenience init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let id = try reader.read(String.self)
    let when = try reader.read(Expression.self)
    let action: Action
    switch try reader.readUnsigned() {
    case 0:
      let count = try reader.readCount()
      var derivations: [Derivation] = []
      for _ in 0..<count {
        derivations.append(Derivation(factID: try reader.read(Int.self), expression: try reader.read(Expression.self)))
      }
      action = .derive(derivations)
    case 1: action = .conclude(causeIndex: try reader.read(Int.self), certainty: try reader.read(Double.self))
    case let tag: throw BinaryFormatError("unknown rule action tag \(tag)")
    }
    self.init(
      id: id, when: when, action: action, because: try reader.read(String?.self),
      location: try reader.read(SourceLocation.self))
  }
}

extension Symptom: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(title)
    writer.write(summary)
    writer.writeUnsigned(UInt64(inputs.count))
    for input in inputs {
      writer.write(input.name)
      writer.write(input.factID)
      writer.write(input.type)
      writer.write(input.defaultValue)
      writer.write(input.description)
      writer.write(input.secret)
      writer.write(input.location)
    }
    writer.write(detect)
    writer.write(reachable)
    writer.write(minCertainty)
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let id = try reader.read(String.self)
    let title = try reader.read(String.self)
    let summary = try reader.read(String?.self)
    var inputs: [Input] = []
    for _ in 0..<(try reader.readCount()) {
      inputs.append(
        Input(
          name: try reader.read(String.self), factID: try reader.read(Int.self), type: try reader.read(FactType.self),
          defaultValue: try reader.read(CELValue?.self), description: try reader.read(String?.self),
          secret: try reader.read(Bool.self), location: try reader.read(SourceLocation.self)))
    }
    self.init(
      id: id, title: title, summary: summary, inputs: inputs, detect: try reader.read(Expression?.self),
      reachable: try reader.read(Expression?.self), minCertainty: try reader.read(Double.self),
      location: try reader.read(SourceLocation.self))
  }
}

extension ProbeDeclaration: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(kind)
    writer.write(description)
    let names = parameters.keys.sorted()
    writer.write(names)
    for name in names { writer.write(parameters[name] ?? .null) }
    let (seconds, attoseconds) = timeout.components
    writer.write(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    writer.write(when)
    writer.writeUnsigned(UInt64(yields.count))
    for yield in yields {
      writer.write(yield.factID)
      writer.write(yield.expression)
    }
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let id = try reader.read(String.self)
    let kind = try reader.read(String.self)
    let description = try reader.read(String?.self)
    var parameters: [String: CELValue] = [:]
    for name in try reader.read([String].self) { parameters[name] = try reader.read(CELValue.self) }
    let nanoseconds = try reader.read(Int.self)
    guard (0...3_600_000_000_000).contains(nanoseconds) else { throw BinaryFormatError("probe timeout out of range") }
    let timeout = Duration.nanoseconds(nanoseconds)
    let when = try reader.read(Expression?.self)
    var yields: [Yield] = []
    for _ in 0..<(try reader.readCount()) {
      yields.append(Yield(factID: try reader.read(Int.self), expression: try reader.read(Expression.self)))
    }
    self.init(
      id: id, kind: kind, description: description, parameters: parameters, timeout: timeout, when: when,
      yields: yields, location: try reader.read(SourceLocation.self))
  }
}

extension Question: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(factID)
    writer.write(text)
    writer.write(help)
    writer.write(type)
    writer.write(choices)
    writer.write(cost)
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self.init(
      factID: try reader.read(Int.self), text: try reader.read(String.self), help: try reader.read(String?.self),
      type: try reader.read(FactType.self), choices: try reader.read([CELValue].self),
      cost: try reader.read(Double.self), location: try reader.read(SourceLocation.self))
  }
}

extension RemediationStep: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(text)
    writer.write(commands)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self.init(text: try reader.read(String.self), commands: try reader.read([String].self))
  }
}

extension ConditionalRemediation: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(step)
    writer.write(when)
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self.init(
      step: try reader.read(RemediationStep.self), when: try reader.read(Expression?.self),
      location: try reader.read(SourceLocation.self))
  }
}

extension Cause: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(title)
    writer.write(summary)
    writer.write(explainsCauses)
    writer.write(explainsSymptoms)
    writer.write(remediation)
    writer.write(prevention)
    writer.write(references)
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self.init(
      id: try reader.read(String.self), title: try reader.read(String.self), summary: try reader.read(String?.self),
      explainsCauses: try reader.read([Int].self), explainsSymptoms: try reader.read([String].self),
      remediation: try reader.read([ConditionalRemediation].self), prevention: try reader.read([String].self),
      references: try reader.read([String].self), location: try reader.read(SourceLocation.self))
  }
}

extension ChecklistItem: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(symptom)
    writer.write(text)
    writer.write(pass)
    writer.write(essential)
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    self.init(
      id: try reader.read(String.self), symptom: try reader.read(String.self), text: try reader.read(String.self),
      pass: try reader.read(Expression.self), essential: try reader.read(Bool.self),
      location: try reader.read(SourceLocation.self))
  }
}

extension Example: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.write(name)
    writer.write(symptom)
    writer.writeUnsigned(UInt64(facts.count))
    for fact in facts {
      writer.write(fact.factID)
      writer.write(fact.value)
    }
    writer.writeUnsigned(UInt64(unknown.count))
    for fact in unknown {
      writer.write(fact.factID)
      writer.write(fact.reason)
    }
    writer.writeUnsigned(UInt64(probeResults.count))
    for fixture in probeResults {
      writer.write(fixture.probeID)
      writer.write(fixture.result)
    }
    writer.write(expectStatus?.rawValue)
    writer.write(expectRootCause)
    writer.write(expectCauses)
    writer.write(expectAbsent)
    writer.writeUnsigned(UInt64(expectFacts.count))
    for fact in expectFacts {
      writer.write(fact.factID)
      writer.write(fact.value)
    }
    writer.write(location)
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    let name = try reader.read(String.self)
    let symptom = try reader.read(String.self)
    var facts: [(factID: Int, value: CELValue)] = []
    for _ in 0..<(try reader.readCount()) { facts.append((try reader.read(Int.self), try reader.read(CELValue.self))) }
    var unknown: [(factID: Int, reason: String)] = []
    for _ in 0..<(try reader.readCount()) { unknown.append((try reader.read(Int.self), try reader.read(String.self))) }
    var fixtures: [(probeID: String, result: CELValue)] = []
    for _ in 0..<(try reader.readCount()) {
      fixtures.append((try reader.read(String.self), try reader.read(CELValue.self)))
    }
    let status = try reader.read(String?.self)
    let rootCause = try reader.read(String?.self)
    let causes = try reader.read([String]?.self)
    let absent = try reader.read([String].self)
    var expectedFacts: [(factID: Int, value: CELValue)] = []
    for _ in 0..<(try reader.readCount()) {
      expectedFacts.append((try reader.read(Int.self), try reader.read(CELValue.self)))
    }
    self.init(
      name: name, symptom: symptom, facts: facts, unknown: unknown,
      expectStatus: status.flatMap(DiagnosisStatus.init(rawValue:)), expectRootCause: rootCause,
      expectCauses: causes, expectAbsent: absent, location: try reader.read(SourceLocation.self))
    probeResults = fixtures
    expectFacts = expectedFacts
  }
}
