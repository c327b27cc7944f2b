import ArgumentParser
import TriageCore

/// The documented exit codes (see docs/cli.md).
enum ExitStatus {
  static let healthy = ExitCode(0)
  static let problem = ExitCode(1)
  static let undetermined = ExitCode(2)
  static let usage = ExitCode(64)
  static let invalidInput = ExitCode(65)
  /// An output could not be written (EX_IOERR): a report, saved facts, standard output.
  static let ioError = ExitCode(74)

  /// The exit code for a diagnosis status.
  static func of(_ status: DiagnosisStatus) -> ExitCode {
    if status.isFailure { return problem }
    return status == .healthy ? healthy : undetermined
  }
}
