import TriageCEL
import TriageCore

/// The versioned JSON report (schema: `schemas/report.schema.json`).
public enum JSONReporter: Reporter {
  public static let identifier = "json"
  /// The report format's version; bumped when a field changes meaning.
  public static let formatVersion: Int64 = 1

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    document(diagnosis, metadata: metadata).serialized(pretty: true) + "\n"
  }

  /// The report as a JSON value.
  public static func document(_ diagnosis: Diagnosis, metadata: ReportMetadata) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("version", .int(formatVersion)),
      ("triage_version", .string(metadata.triageVersion)),
    ]
    if let digest = metadata.catalogDigest { members.append(("catalog_digest", .string(digest))) }
    members += [
      (
        "symptom",
        .object([
          ("id", .string(diagnosis.symptomID)), ("title", .string(diagnosis.symptomTitle)),
          ("present", diagnosis.symptomPresent.map(JSONValue.bool) ?? .null),
        ])
      ),
      ("status", .string(diagnosis.status.rawValue)),
      ("inputs", .array(diagnosis.inputs.map(fact))),
      ("causes", .array(diagnosis.causes.map { cause($0, withMechanisms: true) })),
      ("undecided", .array(diagnosis.undecided.map(hypothesis))),
      ("ruled_out", .array(diagnosis.ruledOut.map(JSONValue.string))),
      ("checklist", .array(diagnosis.checklist.map(checklistItem))),
      ("probes", .array(metadata.probes.map(probe))),
      (
        "stats",
        .object([
          ("rules_evaluated", .int(Int64(diagnosis.rulesEvaluated))),
          ("rules_fired", .int(Int64(diagnosis.rulesFired))),
        ])
      ),
    ]
    return .object(members)
  }

  static func cause(_ finding: CauseFinding, withMechanisms: Bool) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("id", .string(finding.id)), ("title", .string(finding.title)),
      ("summary", finding.summary.map(JSONValue.string) ?? .null),
      ("certainty", .double((finding.certainty * 1000).rounded() / 1000)),
      ("evidence", .array(finding.evidence.map(trace))),
    ]
    if withMechanisms {
      members.append(("mechanisms", .array(finding.mechanisms.map { cause($0, withMechanisms: false) })))
      members += [
        (
          "remediation",
          .array(
            finding.remediation.map {
              .object([("step", .string($0.text)), ("commands", .array($0.commands.map(JSONValue.string)))])
            })
        ),
        ("prevention", .array(finding.prevention.map(JSONValue.string))),
        ("references", .array(finding.references.map(JSONValue.string))),
      ]
    }
    return .object(members)
  }

  static func trace(_ trace: RuleTrace) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("rule", .string(trace.ruleID)), ("because", trace.because.map(JSONValue.string) ?? .null),
      ("condition", .string(trace.condition)), ("location", .string(trace.location.description)),
    ]
    if let certainty = trace.certainty { members.append(("certainty", .double(certainty))) }
    members.append(("facts", .array(trace.facts.map(fact))))
    return .object(members)
  }

  static func fact(_ evidence: FactEvidence) -> JSONValue {
    var members: [(String, JSONValue)] = [("name", .string(evidence.name))]
    if evidence.redacted {
      members.append(("redacted", .bool(true)))
    } else if let value = evidence.value {
      members.append(("value", JSONValue(value)))
    } else {
      members.append(("unknown", .string(evidence.unknownReason ?? "unknown")))
    }
    if let provenance = evidence.provenance {
      var source: [(String, JSONValue)] = [("kind", .string(provenance.kind)), ("source", .string(provenance.source))]
      if let evidence = provenance.evidence { source.append(("evidence", .string(evidence))) }
      members.append(("source", .object(source)))
    }
    if !evidence.derivation.isEmpty {
      members.append(("derived_by", .array(evidence.derivation.map(trace))))
    }
    return .object(members)
  }

  static func hypothesis(_ hypothesis: Hypothesis) -> JSONValue {
    .object([
      ("id", .string(hypothesis.id)), ("title", .string(hypothesis.title)),
      ("blocked_rules", .array(hypothesis.blockedRules.map(JSONValue.string))),
      ("blocked_by", .array(hypothesis.blockedBy.map(fact))),
    ])
  }

  static func probe(_ probe: ProbeSummary) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("id", .string(probe.id)), ("kind", .string(probe.kind)), ("status", .string(probe.status)),
      ("duration_ms", .double(probe.milliseconds)),
    ]
    if let reason = probe.reason { members.append(("reason", .string(reason))) }
    return .object(members)
  }

  static func checklistItem(_ item: ChecklistResult) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("id", .string(item.id)), ("text", .string(item.text)), ("outcome", .string(item.outcome.rawValue)),
    ]
    if let reason = item.reason { members.append(("reason", .string(reason))) }
    return .object(members)
  }
}
