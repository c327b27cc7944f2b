import Foundation
import TriageReports

/// The terminal of a guided session: prompts on stdout, answers from stdin, colour only on a TTY.
final class Console: @unchecked Sendable {
  let style: TextStyle
  let interactive: Bool
  private let lock = NSLock()

  init() {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    interactive = isatty(0) == 1
    style = TextStyle(color: !noColor && isatty(1) == 1)
  }

  /// Prints a line (or several) and flushes.
  func say(_ text: String = "") {
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  /// Prints a prompt and reads one line; nil at end of input.
  func ask(_ prompt: String) -> String? {
    lock.lock()
    FileHandle.standardOutput.write(Data(prompt.utf8))
    lock.unlock()
    guard let line = readLine(strippingNewline: true) else { return nil }
    return line.trimmingCharacters(in: .whitespaces)
  }
}
