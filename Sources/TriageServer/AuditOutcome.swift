import Foundation
import TriageCore
import TriageReports

/// One finished audit as `triage serve` keeps it: the diagnosis, what the reports say about the
/// run, and when it ended (for the age every answer carries).
public struct AuditOutcome: Sendable {
  /// The diagnosis.
  public var diagnosis: Diagnosis
  /// Probes, versions and duration, as every report shows them.
  public var metadata: ReportMetadata
  /// The audit's number since the server started (1, 2, …).
  public var sequence: Int
  /// When the audit finished.
  public var finished: Date
  /// When it finished, on the monotonic clock (ages are measured on it).
  public var finishedInstant: ContinuousClock.Instant

  /// Creates an outcome; `sequence` and the finishing times are set by the scheduler.
  public init(diagnosis: Diagnosis, metadata: ReportMetadata) {
    self.diagnosis = diagnosis
    self.metadata = metadata
    sequence = 0
    finished = Date()
    finishedInstant = .now
  }

  /// Seconds since the audit finished.
  public var ageSeconds: Double {
    Double((ContinuousClock.now - finishedInstant).milliseconds) / 1000
  }

  /// Whether a health check passes: only a healthy verdict does (undetermined, at risk, a
  /// problem or an unreachable target answer 503).
  public var isHealthy: Bool { diagnosis.status == .healthy }
}
