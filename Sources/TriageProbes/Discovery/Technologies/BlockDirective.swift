/// A directive of a configuration in nginx's and Caddy's shape: words ended by `;` or a newline,
/// grouped in `{ }` blocks; each directive with the names of the blocks it is in.
struct BlockDirective: Sendable {
  /// The directive's words (`proxy_pass`, `http://127.0.0.1:8000`).
  var words: [String]
  /// The words that open each enclosing block, outermost first (`["http"], ["server"]`).
  var context: [[String]]
  /// Where it is.
  var line: ConfigLine

  /// The directives of `lines`; a line's end also ends a directive (Caddyfiles have no `;`).
  static func parse(_ lines: [ConfigLine]) -> [BlockDirective] {
    var directives: [BlockDirective] = []
    var context: [[String]] = []
    for line in lines {
      var words: [String] = []
      func flush() {
        if !words.isEmpty { directives.append(BlockDirective(words: words, context: context, line: line)) }
        words = []
      }
      for word in tokens(line.text) {
        switch word {
        case ";": flush()
        case "{":
          let opener = words
          flush()  // a block's opening words are a directive too (`reverse_proxy 127.0.0.1:8000 {`)
          context.append(opener)
        case "}":
          flush()
          if !context.isEmpty { context.removeLast() }
        default: words.append(word)
        }
      }
      flush()  // a directive continued on the next line is read as two (rare in practice)
    }
    return directives
  }

  /// Whether the directive is inside a block opened by `name`.
  func isInside(_ name: String) -> Bool { context.contains { $0.first == name } }

  private static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    for word in ConfigLine.words(text) {
      var current = ""
      for character in word {
        if character == ";" || character == "{" || character == "}" {
          if !current.isEmpty { tokens.append(current) }
          tokens.append(String(character))
          current = ""
        } else {
          current.append(character)
        }
      }
      if !current.isEmpty { tokens.append(current) }
    }
    return tokens
  }
}
