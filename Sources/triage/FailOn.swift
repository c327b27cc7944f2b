import ArgumentParser
import TriageCore

/// `--fail-on`: which verdicts make `triage audit` exit non-zero.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
  /// Problem exits 1 and undetermined exits 2 (the default).
  case undetermined
  /// Only a problem exits non-zero (1); undetermined exits 0.
  case problem
  /// Always exit 0 (usage and input errors still exit 64 and 65).
  case never

  func exitCode(for status: DiagnosisStatus) -> ExitCode {
    switch (self, status) {
    case (.never, _), (.problem, .undetermined): ExitStatus.healthy
    default: ExitStatus.of(status)
    }
  }
}
