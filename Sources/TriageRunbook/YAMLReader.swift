import CLibYAML
import TriageCore

/// Reads YAML text into ``YAMLNode`` trees straight from libyaml's event stream, keeping
/// every node's line and column.
///
/// ```swift
/// let root = try YAMLReader.read(text, file: "runbooks/http-503/rules.yaml")
/// ```
public enum YAMLReader {
  /// Parses one YAML document.
  ///
  /// - Returns: The root node, or nil for an empty document.
  /// - Throws: ``YAMLError`` for a syntax error, several documents, or a limit exceeded.
  public static func read(_ text: String, file: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError)
    -> YAMLNode?
  {
    var bytes = Array(text.utf8)
    if bytes.isEmpty { return nil }
    bytes.append(0)
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw YAMLError(
        message: "cannot initialize the YAML parser", location: SourceLocation(file: file, line: 1, column: 1))
    }
    defer { yaml_parser_delete(&parser) }
    return try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) -> YAMLNode? in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count - 1)
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      var composer = YAMLComposer(file: file, limits: limits, source: buffer)
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
          throw syntaxError(parser, file: file)
        }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { break }
        try composer.handle(event)
      }
      return composer.root
    }
  }

  private static func syntaxError(_ parser: yaml_parser_t, file: String) -> YAMLError {
    let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
    let context = parser.context.map { String(cString: $0) }
    let mark = parser.problem_mark
    let message = context.map { "\(problem) \($0)" } ?? problem
    return YAMLError(
      message: "invalid YAML: \(message)",
      location: SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1))
  }
}
