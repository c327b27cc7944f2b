import Synchronization
import TriageCore
import TriageRunbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes lines to standard error, unbuffered.
enum StandardError {
  private static let first = Mutex<String?>(nil)

  /// The first error line written (`error: …` or `file:line:col: error: …`), if any: what a
  /// monitoring plugin's one status line reports. Warnings, timings and probe lines are not errors.
  static var firstError: String? { first.withLock { $0 } }

  static func write(_ text: String) {
    var line = CredentialRedaction.redact(text)
    if !line.hasSuffix("\n") { line += "\n" }
    first.withLock { recorded in
      if recorded == nil {
        recorded = line.split(separator: "\n").first { $0.hasPrefix("error: ") || $0.contains(": error: ") }
          .map(String.init)
      }
    }
    FileDescriptorWriter.write(Array(line.utf8), to: 2)
  }

  static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }
}
