import Foundation
import TriageCEL

extension ProbeRequest {
  /// A duration parameter: text such as `1.5s` or `10m`, or a number of seconds; nil when absent
  /// or not a duration.
  func duration(_ name: String) -> Duration? {
    switch parameters[name] {
    case .duration(let value): return .nanoseconds(value.totalNanoseconds)
    case .int(let seconds): return .seconds(seconds)
    case .double(let seconds): return .milliseconds(Int64(seconds * 1000))
    case .string(let text):
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if let seconds = Double(trimmed) { return .milliseconds(Int64(seconds * 1000)) }
      return CELDuration(parsing: trimmed).map { .nanoseconds($0.totalNanoseconds) }
    default: return nil
    }
  }

  /// A string parameter, nil when absent or empty (a `${fact}` substituted to '' counts as absent).
  func nonEmptyString(_ name: String) -> String? {
    guard let text = string(name), !text.isEmpty else { return nil }
    return text
  }

  /// The deadline for work that must hand its result back before ``deadline``: a little earlier,
  /// so the result is in before the runner gives up on the probe.
  var workDeadline: ContinuousClock.Instant {
    deadline - min(.milliseconds(20), remaining / 10)
  }
}
