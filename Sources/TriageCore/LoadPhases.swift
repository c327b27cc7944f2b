import Synchronization

/// The parts of a catalog load (read, decode, declare facts, compile …), timed when a command
/// asks for them (`--timings`); a no-op otherwise.
public enum LoadPhases {
  private struct State {
    var enabled = false
    var last: ContinuousClock.Instant?
    var laps: [(name: String, duration: Duration)] = []
  }

  private static let state = Mutex(State())

  /// Starts timing: the first lap runs from now.
  public static func start() {
    state.withLock {
      $0.enabled = true
      $0.last = .now
      $0.laps = []
    }
  }

  /// Ends the lap `name` (added to an earlier lap of the same name).
  public static func lap(_ name: String) {
    state.withLock { state in
      guard state.enabled, let last = state.last else { return }
      let now = ContinuousClock.now
      if let index = state.laps.firstIndex(where: { $0.name == name }) {
        state.laps[index].duration += now - last
      } else {
        state.laps.append((name, now - last))
      }
      state.last = now
    }
  }

  /// The laps so far, in the order first ended; timing stops.
  public static func finish() -> [(name: String, duration: Duration)] {
    state.withLock { state in
      state.enabled = false
      defer { state.laps = [] }
      return state.laps
    }
  }
}
