import TriageCEL
import TriageCore

/// The versioned JSON report (schema: `schemas/report.schema.json`).
public enum JSONReporter: Reporter {
  public static let identifier = "json"
  /// The report format's version; bumped when a field changes meaning.
  public static let formatVersion: Int64 = 1

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    var json = JSONWriter(pretty: true)
    document(diagnosis, metadata: metadata, into: &json)
    return String(decoding: json.bytes, as: UTF8.self) + "\n"
  }

  public static func write(
    _ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle, to output: @escaping ([UInt8]) -> Void
  ) {
    var json = JSONWriter(pretty: true, flush: output)
    document(diagnosis, metadata: metadata, into: &json)
    json.finish()
    output([UInt8(ascii: "\n")])
  }

  /// Writes the report, straight from the diagnosis.
  static func document(_ diagnosis: Diagnosis, metadata: ReportMetadata, into json: inout JSONWriter) {
    json.object { json in
      json.key("version")
      json.int(formatVersion)
      json.key("triage_version")
      json.string(metadata.triageVersion)
      if let digest = metadata.catalogDigest {
        json.key("catalog_digest")
        json.string(digest)
      }
      json.key("symptom")
      json.object { json in
        json.key("id")
        json.string(diagnosis.symptomID)
        json.key("title")
        json.string(diagnosis.symptomTitle)
        json.key("present")
        if let present = diagnosis.symptomPresent { json.bool(present) } else { json.null() }
        json.key("state")
        json.string(diagnosis.symptomState.rawValue)
        json.key("observation")
        json.array(diagnosis.observation) { fact($1, into: &$0) }
      }
      json.key("status")
      json.string(diagnosis.status.rawValue)
      json.key("headline")
      json.string(Headline.text(diagnosis))
      json.key("inputs")
      json.array(diagnosis.inputs) { fact($1, into: &$0) }
      json.key("causes")
      json.array(inParallel: diagnosis.causes) { cause($1, withMechanisms: true, into: &$0) }
      json.key("undecided")
      json.array(diagnosis.undecided) { hypothesis($1, into: &$0) }
      json.key("ruled_out")
      json.array(diagnosis.ruledOut) { $0.string($1) }
      json.key("checklist")
      json.array(diagnosis.checklist) { checklistItem($1, into: &$0) }
      json.key("probes")
      json.array(metadata.probes) { probe($1, into: &$0) }
      json.key("stats")
      json.object { json in
        json.key("rules_evaluated")
        json.int(Int64(diagnosis.rulesEvaluated))
        json.key("rules_fired")
        json.int(Int64(diagnosis.rulesFired))
      }
    }
  }

  static func cause(_ finding: CauseFinding, withMechanisms: Bool, into json: inout JSONWriter) {
    json.object { json in
      json.key("id")
      json.string(finding.id)
      json.key("title")
      json.string(finding.title)
      json.key("summary")
      json.string(finding.summary)
      json.key("certainty")
      json.double((finding.certainty * 1000).rounded() / 1000)
      json.key("evidence")
      json.array(finding.evidence) { trace($1, into: &$0) }
      guard withMechanisms else { return }
      json.key("mechanisms")
      json.array(finding.mechanisms) { cause($1, withMechanisms: false, into: &$0) }
      json.key("remediation")
      json.array(finding.remediation) { json, step in
        json.object { json in
          json.key("step")
          json.string(step.text)
          json.key("commands")
          json.array(step.commands) { $0.string($1) }
        }
      }
      json.key("prevention")
      json.array(finding.prevention) { $0.string($1) }
      json.key("references")
      json.array(finding.references) { $0.string($1) }
    }
  }

  static func trace(_ trace: RuleTrace, into json: inout JSONWriter) {
    json.object { json in
      json.key("rule")
      json.string(trace.ruleID)
      json.key("because")
      json.string(trace.because)
      json.key("condition")
      json.string(trace.condition)
      json.key("location")
      json.string(trace.location.description)
      if let certainty = trace.certainty {
        json.key("certainty")
        json.double(certainty)
      }
      json.key("facts")
      json.array(trace.facts) { fact($1, into: &$0) }
    }
  }

  static func fact(_ evidence: FactEvidence, into json: inout JSONWriter) {
    json.object { json in
      json.key("name")
      json.string(evidence.name)
      if evidence.redacted {
        json.key("redacted")
        json.bool(true)
      } else if let value = evidence.value {
        json.key("value")
        JSONValue(value).write(to: &json)
      } else {
        json.key("unknown")
        json.string(evidence.unknownReason ?? "unknown")
      }
      if let provenance = evidence.provenance {
        json.key("source")
        json.object { json in
          json.key("kind")
          json.string(provenance.kind)
          json.key("source")
          json.string(provenance.source)
          if let evidence = provenance.evidence {
            json.key("evidence")
            json.string(evidence)
          }
        }
      }
      if !evidence.derivation.isEmpty {
        json.key("derived_by")
        json.array(evidence.derivation) { trace($1, into: &$0) }
      }
    }
  }

  static func hypothesis(_ hypothesis: Hypothesis, into json: inout JSONWriter) {
    json.object { json in
      json.key("id")
      json.string(hypothesis.id)
      json.key("title")
      json.string(hypothesis.title)
      json.key("blocked_rules")
      json.array(hypothesis.blockedRules) { $0.string($1) }
      json.key("blocked_by")
      json.array(hypothesis.blockedBy) { fact($1, into: &$0) }
    }
  }

  static func probe(_ probe: ProbeSummary, into json: inout JSONWriter) {
    json.object { json in
      json.key("id")
      json.string(probe.id)
      json.key("kind")
      json.string(probe.kind)
      json.key("status")
      json.string(probe.status)
      json.key("duration_ms")
      json.double(probe.milliseconds)
      if let reason = probe.reason {
        json.key("reason")
        json.string(reason)
      }
    }
  }

  static func checklistItem(_ item: ChecklistResult, into json: inout JSONWriter) {
    json.object { json in
      json.key("id")
      json.string(item.id)
      json.key("text")
      json.string(item.text)
      json.key("essential")
      json.bool(item.essential)
      json.key("outcome")
      json.string(item.outcome.rawValue)
      if let reason = item.reason {
        json.key("reason")
        json.string(reason)
      }
    }
  }
}
