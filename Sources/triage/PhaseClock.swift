import Foundation
import TriageCore

/// Measures the phases of a command for `--timings`, printing each on standard error with the
/// process's peak resident memory so far.
struct PhaseClock {
  let enabled: Bool
  private var last = ContinuousClock.now
  private var heapsReported = false

  init(enabled: Bool) {
    self.enabled = enabled
    if enabled { LoadPhases.start() }
  }

  /// Prints the time since the previous lap under `name`, then the parts of a catalog load
  /// timed since the previous lap, if any.
  mutating func lap(_ name: String) {
    guard enabled else { return }
    let now = ContinuousClock.now
    let milliseconds = (now - last).milliseconds
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let peak = usage.ru_maxrss / 1024
    StandardError.write("timing: \(name): \(Self.format(milliseconds)) ms (peak RSS \(peak) MB)")
    if !heapsReported {
      heapsReported = true
      StandardError.write("timing:   heaps: \(MemoryAllocator.hugePageSummary)")
    }
    for part in LoadPhases.finish() {
      StandardError.write("timing:   \(part.name): \(Self.format(part.duration.milliseconds)) ms")
    }
    last = now
  }

  private static func format(_ milliseconds: Double) -> String {
    String((milliseconds * 10).rounded() / 10)
  }
}
