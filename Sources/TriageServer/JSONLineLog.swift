import Foundation
import TriageCore
import TriageReports

/// `triage serve`'s log: one JSON object per line on standard error (`{"time": …, "event":
/// "request", …}`), each handed to `write(2)` whole, so short lines from concurrent requests do
/// not interleave. Nothing secret is logged: no header, no query string, no token, and
/// credentials inside URLs are redacted from every line.
public struct JSONLineLog: Sendable {
  private let write: @Sendable ([UInt8]) -> Void

  /// A log that hands each line, whole, to `write` (`triage serve` writes to standard error).
  public init(write: @escaping @Sendable ([UInt8]) -> Void) {
    self.write = write
  }

  /// Logs one event with its fields (after `time` and `event`).
  public func event(_ name: String, _ fields: [(String, JSONValue)] = []) {
    let time = Date.now.ISO8601Format(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    let line = JSONValue.object([("time", .string(time)), ("event", .string(name))] + fields)
    write(Array((CredentialRedaction.redact(line.serialized()) + "\n").utf8))
  }

  /// Logs one answered request: method, path (without its query), status and time taken.
  func request(method: String, path: String, status: Int, milliseconds: Double) {
    event(
      "request",
      [
        ("method", .string(method)), ("path", .string(path)), ("status", .int(Int64(status))),
        ("ms", .double((milliseconds * 10).rounded() / 10)),
      ])
  }

  /// Logs one finished audit (or one that could not be run).
  func audit(sequence: Int, trigger: String, outcome: AuditOutcome?, milliseconds: Double) {
    var fields: [(String, JSONValue)] = [
      ("audit", .int(Int64(sequence))), ("trigger", .string(trigger)),
      ("ms", .double((milliseconds * 10).rounded() / 10)),
    ]
    if let outcome {
      fields.append(("status", .string(outcome.diagnosis.status.rawValue)))
      fields.append(("root_cause", outcome.diagnosis.causes.first.map { .string($0.id) } ?? .null))
    } else {
      fields.append(("status", .string("error")))
    }
    event("audit", fields)
  }
}
