/// Terminal styling for text output: ANSI colours on a terminal, nothing otherwise.
public struct TextStyle: Sendable {
  /// Whether to emit ANSI colour codes.
  public var color: Bool

  /// Plain text, no colour.
  public static let plain = TextStyle(color: false)

  /// Creates a style.
  public init(color: Bool) {
    self.color = color
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
