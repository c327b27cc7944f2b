import Dispatch
import Foundation
import TriageCore

/// Runs a blocking probe on its own thread and races it against its deadline, so a hung probe
/// never stalls the run: at the deadline the caller gets a timeout and moves on.
enum ProbeThread {
  static func run(_ kind: any ProbeKind.Type, _ request: ProbeRequest) async -> ProbeOutcome {
    await withCheckedContinuation { (continuation: CheckedContinuation<ProbeOutcome, Never>) in
      let once = ResumeOnce(continuation)
      let thread = Thread { once.resume(kind.run(request)) }
      thread.stackSize = 4 << 20
      thread.start()
      let left = request.remaining.milliseconds
      DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(left) + 50)) {
        once.resume(.failure("timed out after \(format(milliseconds: left))"))
      }
    }
  }

  static func format(milliseconds: Double) -> String {
    milliseconds >= 1000 ? "\((milliseconds / 100).rounded() / 10)s" : "\(Int(milliseconds))ms"
  }
}

/// Resumes a continuation once; later attempts are ignored.
final class ResumeOnce<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var continuation: CheckedContinuation<Value, Never>?

  init(_ continuation: CheckedContinuation<Value, Never>) {
    self.continuation = continuation
  }

  func resume(_ value: Value) {
    lock.lock()
    let pending = continuation
    continuation = nil
    lock.unlock()
    pending?.resume(returning: value)
  }
}
