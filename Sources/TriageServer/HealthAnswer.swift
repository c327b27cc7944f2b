import Foundation
import TriageCore
import TriageReports

/// The body of `/healthz` and `/readyz`: the verdict, the root cause, the checklist items that do
/// not pass, and how old the audit is — what a load balancer's log or an on-call engineer
/// reading `curl` output needs, as one JSON object.
enum HealthAnswer {
  /// The JSON text for `outcome`; `stale` when it is too old to vouch for the host (audits have
  /// stopped succeeding), which is never healthy.
  static func body(_ outcome: AuditOutcome, stale: Bool) -> String {
    let diagnosis = outcome.diagnosis
    let cause: JSONValue =
      diagnosis.causes.first.map { cause in
        .object([
          ("id", .string(cause.id)), ("title", .string(cause.title)),
          ("certainty", .double((cause.certainty * 100).rounded() / 100)),
          ("chain", .array(([cause.id] + cause.mechanisms.map(\.id)).map { .string($0) })),
        ])
      } ?? .null
    let failing = diagnosis.checklist.filter { $0.outcome == .fail || $0.outcome == .unknown }.map { item in
      JSONValue.object([
        ("id", .string(item.id)), ("text", .string(item.text)), ("outcome", .string(item.outcome.rawValue)),
        ("essential", .bool(item.essential)),
      ])
    }
    let answer = JSONValue.object([
      ("healthy", .bool(outcome.isHealthy && !stale)), ("status", .string(diagnosis.status.rawValue)),
      ("stale", .bool(stale)),
      ("symptom", .string(diagnosis.symptomID)), ("headline", .string(Headline.text(diagnosis))),
      ("root_cause", cause), ("failing", .array(failing)), ("audit", .int(Int64(outcome.sequence))),
      ("finished", .string(outcome.finished.ISO8601Format())),
      ("age_seconds", .double((outcome.ageSeconds * 10).rounded() / 10)),
    ])
    return CredentialRedaction.redact(answer.serialized()) + "\n"
  }

  /// The body when no audit has finished yet (the first one could not be run).
  static let noAudit = "{\"healthy\":false,\"status\":\"undetermined\",\"reason\":\"no audit has finished\"}\n"
}
