/// Measures the phases of a command for `--timings`, printing each on standard error.
struct PhaseClock {
  let enabled: Bool
  private var last = ContinuousClock.now

  init(enabled: Bool) {
    self.enabled = enabled
  }

  /// Prints the time since the previous lap under `name`.
  mutating func lap(_ name: String) {
    guard enabled else { return }
    let now = ContinuousClock.now
    let (seconds, attoseconds) = (now - last).components
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    StandardError.write("timing: \(name): \((milliseconds * 10).rounded() / 10) ms")
    last = now
  }
}
