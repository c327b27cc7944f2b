import TriageCore

/// Reads YAML text into ``YAMLNode`` trees straight from libyaml's event stream, keeping
/// every node's line and column.
///
/// ```swift
/// let root = try YAMLReader.read(text, file: "runbooks/http-503/rules.yaml")
/// ```
public enum YAMLReader {
  /// Parses one YAML document of a `kind` of file (named in the message about a second document).
  ///
  /// - Returns: The root node, or nil for an empty document.
  /// - Throws: ``YAMLError`` for a syntax error, several documents, or a limit exceeded.
  public static func read(
    _ text: String, file: String, kind: String = "YAML file", limits: YAMLLimits = YAMLLimits()
  ) throws(YAMLError) -> YAMLNode? {
    if text.utf8.isEmpty { return nil }
    let stream = try YAMLStream(text, file: file, kind: kind, limits: limits)
    guard try stream.peek() != .documentEnd else {
      try stream.finish()
      return nil
    }
    let root = try stream.node()
    try stream.finish()
    return root
  }
}
