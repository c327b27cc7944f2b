import Synchronization

/// Results that several threads fill in, one slot each, read once they have all finished.
package final class ConcurrentSlots<Value: Sendable>: Sendable {
  private let slots: Mutex<[Value?]>

  /// Creates `count` empty slots.
  package init(count: Int) {
    slots = Mutex(Array(repeating: nil, count: count))
  }

  /// Fills slot `index`.
  package func set(_ index: Int, _ value: Value) {
    slots.withLock { $0[index] = value }
  }

  /// The slots, after every writer has finished.
  package func take() -> [Value?] {
    slots.withLock { $0 }
  }
}
