import TriageCore
import TriageProbes
import TriageReports

/// What `triage discover` prints: the symptom's inputs that discovery found, in the symptom's
/// order, each with its provenance; credentials never.
enum DiscoveryRendering {
  /// The inputs to print, in the symptom's order: those the symptom declares, without the
  /// names of in-memory credential variables.
  static func printable(_ discovery: StackDiscovery, symptom: Symptom) -> [(name: String, found: DiscoveredValue)] {
    symptom.inputs.compactMap { input in
      guard let found = discovery.inputs[input.name], !input.name.hasSuffix("_password_env") else { return nil }
      return (input.name, found)
    }
  }

  /// A `--config` file with a comment above each value.
  static func yaml(_ discovery: StackDiscovery, symptom: Symptom) -> String {
    var lines = [
      "# Inputs of \(symptom.id) found on this host by `triage discover` (edit freely; --set wins over them).",
      "# Use: triage audit \(symptom.id) --config THIS_FILE",
    ]
    if !discovery.chain.isEmpty {
      lines.append(
        "# The way in: " + discovery.chain.map { "\($0.technology) (pid \($0.process.pid))" }.joined(separator: " → "))
    }
    lines.append("inputs:")
    let types = Dictionary(symptom.inputs.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    for (name, found) in printable(discovery, symptom: symptom) {
      lines.append("  # \(CredentialRedaction.redact(found.provenance))")
      let value = found.value  // built by discovery without any password
      guard CredentialRedaction.redact(value) == value else {
        // A user name in a URL reads as a credential and would be printed redacted: left to
        // discovery, which supplies it again at each run.
        lines.append("  # \(name): found, with a user name in its URL (not printed; discovery supplies it at each run)")
        continue
      }
      let isNumber = (types[name] == .int || types[name] == .double) && Double(value) != nil
      lines.append("  \(name): \(isNumber ? value : JSONValue.string(value).serialized())")
    }
    let credentials = discovery.inputs.keys.filter { $0.hasSuffix("_password_env") }.sorted()
    if !credentials.isEmpty {
      lines.append(
        "# Passwords for \(credentials.map { String($0.dropLast("_password_env".count)) }.joined(separator: ", "))")
      lines.append("# come from the application's environment; triage reads them there at each run (never printed).")
    }
    if !discovery.notes.isEmpty {
      lines.append("# Notes:")
      lines += discovery.notes.map { "#   - \(CredentialRedaction.redact($0))" }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The same as JSON: `{"inputs": {name: {value, source}}, "chain": [...], "notes": [...]}`.
  static func json(_ discovery: StackDiscovery, symptom: Symptom) -> String {
    var inputs: [(String, JSONValue)] = []
    for (name, found) in printable(discovery, symptom: symptom) {
      inputs.append(
        (
          name,
          .object([
            ("value", .string(found.value)),
            ("source", .string(CredentialRedaction.redact(found.provenance))),
          ])
        ))
    }
    let chain = discovery.chain.map { finding in
      JSONValue.object([
        ("technology", .string(finding.technology)), ("pid", .int(Int64(finding.process.pid))),
        ("listens", .array(finding.process.listens.map { .string($0.description) })),
      ])
    }
    let document = JSONValue.object([
      ("format", .string("triage-discovery/1")), ("symptom", .string(symptom.id)), ("inputs", .object(inputs)),
      ("chain", .array(chain)), ("notes", .array(discovery.notes.map { .string(CredentialRedaction.redact($0)) })),
    ])
    return document.serialized(pretty: true) + "\n"
  }
}
