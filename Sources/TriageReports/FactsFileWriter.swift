import TriageCEL
import TriageCore

/// Writes facts in the facts-file format (`triage-facts/1`), redacting secrets.
public enum FactsFileWriter {
  /// The facts file text for the known and unknown base facts of a store.
  public static func render(_ facts: FactStore, catalog: Catalog, symptom: String?) -> String {
    var entries: [(String, JSONValue)] = []
    for declaration in catalog.facts where declaration.provider != .derived {
      let state = facts[declaration.id]
      var members: [(String, JSONValue)] = []
      switch state {
      case .unset:
        continue
      case .known(let value, _):
        if declaration.secret {
          members.append(("unknown", .string("redacted secret")))
        } else {
          members.append(("value", JSONValue(value)))
          if case .duration = value { members.append(("type", .string("duration"))) }
          if case .timestamp = value { members.append(("type", .string("timestamp"))) }
        }
      case .unknown(let reason, _):
        members.append(("unknown", .string(reason)))
      case .notApplicable(let reason, _):
        members.append(("not_applicable", .string(reason)))
      }
      if let provenance = state.provenance {
        var source: [(String, JSONValue)] = [
          ("kind", .string(provenance.kind)), ("source", .string(provenance.source)),
        ]
        if let evidence = provenance.evidence, !declaration.secret { source.append(("evidence", .string(evidence))) }
        members.append(("source", .object(source)))
      }
      entries.append((declaration.name, .object(members)))
    }
    entries.sort { $0.0 < $1.0 }
    var document: [(String, JSONValue)] = [("format", .string("triage-facts/1"))]
    if let symptom { document.append(("symptom", .string(symptom))) }
    document.append(("facts", .object(entries)))
    return CredentialRedaction.redact(JSONValue.object(document).serialized(pretty: true)) + "\n"
  }
}
