import TriageCEL

extension CatalogBuilder {
  mutating func compileExample(
    _ spec: ExampleSpec, symptom: Located<String>?, facts: FactTable, causeIndex: [String: Int],
    symptomIDs: Set<String>
  ) -> Example? {
    guard let symptom = resolveSymptom(symptom, symptomIDs: symptomIDs, for: "example", at: spec.name.location) else {
      return nil
    }
    var values: [(factID: Int, value: CELValue)] = []
    for (name, value) in spec.facts {
      guard let fact = facts[name.value] else {
        error(
          "example '\(spec.name.value)' sets unknown fact '\(name.value)'"
            + Self.didYouMean(name.value, in: facts.index.keys), at: name.location)
        continue
      }
      if fact.provider == .derived {
        error(
          "example '\(spec.name.value)' sets '\(name.value)', which rules derive; give base facts", at: name.location)
        continue
      }
      guard let coerced = fact.type.coerce(value.value) else {
        error("value \(value.value.abbreviated()) of '\(name.value)' is not of type \(fact.type)", at: value.location)
        continue
      }
      values.append((fact.id, coerced))
    }
    var unknown: [(factID: Int, reason: String)] = []
    for (name, reason) in spec.unknown {
      guard let fact = facts[name.value] else {
        error(
          "example '\(spec.name.value)' marks unknown fact '\(name.value)'"
            + Self.didYouMean(name.value, in: facts.index.keys), at: name.location)
        continue
      }
      unknown.append((fact.id, reason))
    }
    var status: DiagnosisStatus?
    if let text = spec.expectStatus {
      status = DiagnosisStatus(rawValue: text.value)
      if status == nil {
        error("unknown status '\(text.value)': use problem, healthy or undetermined", at: text.location)
      }
    }
    let named = [spec.expectRootCause].compactMap { $0 } + (spec.expectCauses ?? []) + spec.expectAbsent
    for cause in named where causeIndex[cause.value] == nil {
      error(
        "example '\(spec.name.value)' expects unknown cause '\(cause.value)'"
          + Self.didYouMean(cause.value, in: causeIndex.keys), at: cause.location)
    }
    let probeIDs = Set(probes.all.map(\.id.value))
    for (probe, _) in spec.probeResults where !probeIDs.contains(probe.value) {
      error(
        "example '\(spec.name.value)' gives a result for unknown probe '\(probe.value)'"
          + Self.didYouMean(probe.value, in: probeIDs), at: probe.location)
    }
    var example = Example(
      name: spec.name.value, symptom: symptom, facts: values, unknown: unknown, expectStatus: status,
      expectRootCause: spec.expectRootCause?.value, expectCauses: spec.expectCauses?.map(\.value),
      expectAbsent: spec.expectAbsent.map(\.value), location: spec.name.location)
    example.probeResults = spec.probeResults.map { ($0.probe.value, $0.result.value) }
    for (name, value) in spec.expectFacts {
      guard let fact = facts[name.value] else {
        error(
          "example '\(spec.name.value)' expects unknown fact '\(name.value)'"
            + Self.didYouMean(name.value, in: facts.index.keys), at: name.location)
        continue
      }
      guard fact.provider != .derived else {
        error(
          "example '\(spec.name.value)' expects '\(name.value)', which rules derive: expect.facts checks base facts",
          at: name.location)
        continue
      }
      guard let coerced = fact.type.coerce(value.value) else {
        error("value \(value.value.abbreviated()) of '\(name.value)' is not of type \(fact.type)", at: value.location)
        continue
      }
      example.expectFacts.append((fact.id, coerced))
    }
    return example
  }
}
