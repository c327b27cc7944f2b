import Foundation
import TriageCore

/// Measures the phases of a command for `--timings`, printing each on standard error with the
/// process's peak resident memory so far.
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
    let milliseconds = (now - last).milliseconds
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let peak = usage.ru_maxrss / 1024
    StandardError.write("timing: \(name): \((milliseconds * 10).rounded() / 10) ms (peak RSS \(peak) MB)")
    last = now
  }
}
