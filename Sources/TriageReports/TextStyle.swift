/// Terminal styling for text output: ANSI colours on a terminal, nothing otherwise.
public struct TextStyle: Sendable {
  /// Whether to emit ANSI colour codes.
  public var color: Bool
  /// The width paragraphs are wrapped to; nil leaves them on one line (files, pipes).
  public var width: Int?
  /// Whether evidence shows each rule's condition and where it is written (`--verbose`).
  public var verbose: Bool

  /// Plain text, no colour.
  public static let plain = TextStyle(color: false)

  /// Creates a style.
  public init(color: Bool, width: Int? = nil, verbose: Bool = false) {
    self.color = color
    self.width = width
    self.verbose = verbose
  }

  /// A paragraph as lines indented by `indent`, wrapped at ``width`` when one is set.
  public func wrap(_ text: String, indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    guard let width else { return [pad + text] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, indent + line.count + 1 + word.count > width {
        lines.append(pad + line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(pad + line) }
    return lines
  }

  /// The text styled bold.
  public func bold(_ text: String) -> String { wrap(text, "1") }
  /// The text styled red.
  public func red(_ text: String) -> String { wrap(text, "31") }
  /// The text styled green.
  public func green(_ text: String) -> String { wrap(text, "32") }
  /// The text styled yellow.
  public func yellow(_ text: String) -> String { wrap(text, "33") }
  /// The text styled dim.
  public func dim(_ text: String) -> String { wrap(text, "2") }

  private func wrap(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
