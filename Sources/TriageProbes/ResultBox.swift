import Foundation
import TriageCore

/// A value handed from one thread to another, waited for with a deadline.
final class ResultBox<Value>: @unchecked Sendable {
  private let condition = NSCondition()
  private var value: Value?

  /// Stores the value (the first one wins) and wakes the waiter.
  func set(_ newValue: Value) {
    condition.lock()
    if value == nil { value = newValue }
    condition.signal()
    condition.unlock()
  }

  /// The value, or nil if the deadline passed first.
  func wait(until deadline: ContinuousClock.Instant) -> Value? {
    condition.lock()
    defer { condition.unlock() }
    while value == nil {
      let left = deadline - .now
      guard left > .zero else { return nil }
      _ = condition.wait(until: Date(timeIntervalSinceNow: max(0.001, left.milliseconds / 1000)))
    }
    return value
  }
}
