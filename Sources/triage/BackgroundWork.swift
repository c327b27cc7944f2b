import Dispatch
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
