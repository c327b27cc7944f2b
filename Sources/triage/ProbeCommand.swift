import ArgumentParser
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports

/// `triage probe PROBE`: runs one probe live (and the probes it depends on) and shows its raw
/// result and the facts its `yields` make of it; `--save-fixture` writes that result as an
/// example, for `triage test`.
struct ProbeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "probe",
    abstract: "Run one probe live and print its raw result and the facts its yields give.",
    discussion: """
      Inputs are set as for audit (discovery, --config, --set). Credentials in URLs are redacted \
      from the output and the fixture. --save-fixture writes a runbook file with one example \
      whose `probes:` holds the recorded result: `triage test` runs the probe's yields over it.
      """)

  @Argument(help: "The probe's id (see triage list probes).")
  var probe: String

  @Option(help: "The symptom whose inputs the probe reads (default: the catalog's only symptom).")
  var symptom: String?

  @OptionGroup var input: InputOptions

  @Option(help: "text or json.")
  var format: String = "text"

  @Option(
    name: .customLong("save-fixture"),
    help: ArgumentHelp("Write the result as an example fixture (a runbook file).", valueName: "file"))
  var saveFixture: String?

  @OptionGroup var catalog: CatalogOptions

  func run() async throws {
    guard format == "text" || format == "json" else { throw ValidationError("--format is text or json") }
    let target = try saveFixture.map { try ReportOutput.target(of: $0) }
    let loaded = try catalog.loadCatalog()
    guard let index = loaded.probes.firstIndex(where: { $0.id == probe }) else {
      let names = loaded.probes.map(\.id).sorted()
      let hint = Suggestion.hint(for: probe, in: names)
      throw ValidationError(
        "no probe '\(probe)'\(hint)" + (hint.isEmpty ? "; the probes: \(names.joined(separator: ", "))" : ""))
    }
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    var (store, runner) = try input.liveRun(symptom: symptom, catalog: loaded)
    runner.keepResults = true
    let records = await runner.collect(
      probes: runner.probesNeeded(forProbe: index), into: &store, deadline: try input.deadlineDuration())
    guard let record = records.first(where: { $0.id == probe }) else { throw ExitStatus.ioError }
    let declaration = loaded.probes[index]
    // Every secret the run knows leaves the output and the fixture: secret facts' values, the
    // passwords discovery found, and the environment variables the probe reads a password from.
    var extra = runner.environment.filter { $0.key.hasPrefix(StackDiscovery.secretPrefix) }.map(\.value)
    if case .string(let variable) = declaration.parameters["password_env"], let password = runner.environment[variable]
    {
      extra.append(password)
    }
    let redactor = SecretRedactor(catalog: loaded, facts: store, extra: extra)
    let redacted = { (value: CELValue) in Self.redacted(value, with: redactor) }
    let result = record.result.map { JSONValue(redacted($0)) }
    var facts: [(String, JSONValue)] = []
    for yield in declaration.yields {
      let fact = loaded.facts[yield.factID]
      let shown: JSONValue =
        switch store[yield.factID] {
        case .known(let value, _): fact.secret ? .string("[redacted]") : JSONValue(redacted(value))
        case .unknown(let reason, _): .object([("unknown", .string(reason))])
        case .notApplicable(let reason, _): .object([("not_applicable", .string(reason))])
        case .unset: .null
        }
      facts.append((fact.name, shown))
    }
    if format == "json" {
      let document = JSONValue.object([
        ("probe", .string(probe)), ("kind", .string(declaration.kind)), ("status", .string(record.status.rawValue)),
        ("reason", record.reason.map { .string($0) } ?? .null), ("result", result ?? .null), ("facts", .object(facts)),
      ])
      StandardOutput.print(document.serialized(pretty: true))
    } else {
      let milliseconds = Int(record.duration.milliseconds)
      StandardOutput.print(
        "probe \(probe) (\(declaration.kind)): \(record.status.rawValue) in \(milliseconds) ms"
          + (record.reason.map { " — \($0)" } ?? ""))
      if let result { StandardOutput.print("result:\n" + indented(result.serialized(pretty: true))) }
      StandardOutput.print("facts:")
      for (name, value) in facts { StandardOutput.print("  \(name) = \(value.serialized())") }
    }
    if let target {
      guard let result else {
        StandardError.write("error: probe \(probe) gave no result (\(record.status.rawValue)): no fixture written")
        throw ExitStatus.ioError
      }
      try write(
        fixture: result, symptom: symptom.id,
        given: Self.conditionInputs(of: declaration, store: store, catalog: loaded, redactor: redactor),
        expected: Self.expectedFacts(of: declaration, store: store, catalog: loaded, redactor: redactor), to: target)
    }
  }

  /// The facts the probe's `when` reads, as this run had them: the fixture's example sets them so
  /// the probe applies there too (secret and redacted values are left to their defaults).
  static func conditionInputs(
    of probe: ProbeDeclaration, store: FactStore, catalog: Catalog, redactor: SecretRedactor
  ) -> [(String, JSONValue)] {
    (probe.when?.factIDs ?? []).sorted().compactMap { id in
      guard !catalog.facts[id].secret, case .known(let value, _) = store[id], redacted(value, with: redactor) == value
      else {
        return nil
      }
      return (catalog.facts[id].name, JSONValue(value))
    }
  }

  /// The facts the yields gave that depend on the result alone (not on inputs or other facts):
  /// the fixture expects them, so a changed `yields` that reads the result differently fails it.
  static func expectedFacts(
    of probe: ProbeDeclaration, store: FactStore, catalog: Catalog, redactor: SecretRedactor
  ) -> [(String, JSONValue)] {
    probe.yields.compactMap { yield in
      let fact = catalog.facts[yield.factID]
      guard !fact.secret, yield.expression.factIDs.allSatisfy({ $0 == Catalog.resultVariableID }),
        case .known(let value, _) = store[yield.factID], redacted(value, with: redactor) == value
      else { return nil }
      return (fact.name, JSONValue(value))
    }
  }

  private func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
  }

  private func write(
    fixture result: JSONValue, symptom: String, given: [(String, JSONValue)], expected: [(String, JSONValue)],
    to target: OutputTarget
  ) throws {
    var text = """
      # A fixture recorded by `triage probe \(probe)`: `triage test` runs the probe's yields over it
      # and expects the facts they gave. Add an expectation (root_cause, status, causes) to make it
      # a test of the rules too.
      version: 1
      symptom: \(symptom)
      examples:
        - name: \(probe) as recorded

      """
    if !given.isEmpty {
      text += "    facts:\n" + given.map { "      \($0.0): \($0.1.serialized())\n" }.joined()
    }
    text += "    probes:\n      \(probe): \(result.serialized())\n"
    text +=
      expected.isEmpty
      ? "    expect: {}\n"
      : "    expect:\n      facts:\n" + expected.map { "        \($0.0): \($0.1.serialized())\n" }.joined()
    do {
      let sink = try OutputSink(target)
      sink.append(Array(text.utf8))
      try sink.finish()
      try sink.commit()
    } catch {
      StandardError.write("error: \(error)")
      throw ExitStatus.ioError
    }
  }

  /// The value with every secret and credential removed from every string in it, keys included.
  static func redacted(_ value: CELValue, with redactor: SecretRedactor) -> CELValue {
    switch value {
    case .string(let text): .string(redactor.redact(text))
    case .list(let items): .list(items.map { redacted($0, with: redactor) })
    case .map(let map):
      .map(CELMap(map.entries.map { (redacted($0.key, with: redactor), redacted($0.value, with: redactor)) }))
    default: value
    }
  }
}
