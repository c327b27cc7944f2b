import ArgumentParser
import TriageCEL
import TriageCore

/// A command-line duration (`--deadline 10s`, `--interval 500ms`), parsed as a runbook's
/// `duration` input is.
enum DurationOption {
  /// The positive duration `text` names; a usage error naming `option` otherwise.
  static func parse(_ text: String, option: String) throws -> Duration {
    guard case .success(let value) = InputValue.parse(text, as: FactType.duration),
      case CELValue.duration(let duration) = value, duration.totalNanoseconds > 0
    else {
      throw ValidationError("\(option) expects a duration more than 0, such as 10s or 2500ms, got '\(text)'")
    }
    return .nanoseconds(duration.totalNanoseconds)
  }
}
