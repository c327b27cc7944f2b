import Dispatch
import TriageCore
import TriageRunbook

/// Work that runs on another thread while the command goes on, and that the command waits for
/// before it exits (so a cache file is never left half written).
struct BackgroundWork {
  private let group: DispatchGroup

  /// Starts storing a compiled catalog.
  static func start(_ store: CatalogCache.PendingStore) -> BackgroundWork {
    let group = DispatchGroup()
    DispatchQueue.global(qos: .utility).async(group: group) { store.run() }
    return BackgroundWork(group: group)
  }

  /// Waits until the work is done.
  func wait() {
    group.wait()
  }
}

/// A value computed on another thread while the command goes on (a facts file read while the
/// catalog loads).
struct BackgroundValue<Value: Sendable>: Sendable {
  private let group = DispatchGroup()
  private let slot = ConcurrentSlots<Value>(count: 1)

  /// Starts computing the value.
  init(_ work: @escaping @Sendable () -> Value) {
    let slot = slot
    DispatchQueue.global(qos: .userInitiated).async(group: group) { slot.set(0, work()) }
  }

  /// The value, once computed.
  func value() -> Value {
    group.wait()
    guard let value = slot.take()[0] else { preconditionFailure("background work ended without a value") }
    return value
  }
}
