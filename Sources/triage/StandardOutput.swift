import Synchronization
import TriageCore
import TriageRunbook

/// Writes to standard output, unbuffered, remembering the first error, so that a command whose
/// output went nowhere (`triage list >/dev/full`, a closed pipe) can fail with exit 74.
enum StandardOutput {
  private static let firstError = Mutex<Int32?>(nil)

  /// The `errno` of the first failed write, if any.
  static var failure: Int32? { firstError.withLock { $0 } }

  /// Writes `text` and a newline (unless `terminator` says otherwise).
  static func print(_ text: String, terminator: String = "\n") {
    guard let error = FileDescriptorWriter.write(Array((CredentialRedaction.redact(text) + terminator).utf8), to: 1)
    else { return }
    firstError.withLock { if $0 == nil { $0 = error } }
  }
}
