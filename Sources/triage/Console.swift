import Foundation
import TriageCore
import TriageReports

/// The terminal of a guided session: prompts on stdout, answers from stdin, colour only on a TTY.
final class Console: @unchecked Sendable {
  let style: TextStyle
  let interactive: Bool
  private let lock = NSLock()

  init(verbose: Bool = false) {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    interactive = isatty(0) == 1
    style = TextStyle(
      color: !noColor && isatty(1) == 1, width: isatty(1) == 1 ? Self.terminalWidth() : nil, verbose: verbose)
  }

  /// The terminal's width.
  var width: Int { style.width ?? Self.terminalWidth() }

  /// COLUMNS, else the terminal's own width, else 80.
  static func terminalWidth() -> Int {
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 40 { return columns }
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
    return 80
  }

  /// Prints a paragraph wrapped to the terminal's width, each line indented.
  func paragraph(_ text: String, indent: Int = 0) {
    let pad = String(repeating: " ", count: indent)
    var line = ""
    var lines: [String] = []
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if !line.isEmpty, pad.count + line.count + 1 + word.count > width {
        lines.append(pad + line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(pad + line) }
    say(lines.joined(separator: "\n"))
  }

  /// Prints a line (or several) and flushes.
  func say(_ text: String = "") {
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardOutput.write(Data((CredentialRedaction.redact(text) + "\n").utf8))
  }

  /// Prints a prompt and reads one line; nil at end of input.
  func ask(_ prompt: String) -> String? {
    lock.lock()
    FileHandle.standardOutput.write(Data(CredentialRedaction.redact(prompt).utf8))
    lock.unlock()
    guard let line = readLine(strippingNewline: true) else {
      // End of input (Ctrl-D) leaves the cursor on the prompt's line: what follows starts afresh.
      FileHandle.standardOutput.write(Data("\n".utf8))
      return nil
    }
    return line.trimmingCharacters(in: .whitespaces)
  }
}
