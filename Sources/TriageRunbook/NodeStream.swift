import TriageCore

/// A document read a node at a time: ``YAMLStream`` for any YAML, ``JSONNodeStream`` as a fast
/// path for plain JSON (a large facts file is JSON).
protocol NodeStream: AnyObject {
  /// The file being read.
  var file: String { get }
  /// What comes next, without consuming it.
  func peek() throws(YAMLError) -> YAMLStream.Next
  /// Where the next node starts.
  func nextLocation() throws(YAMLError) -> SourceLocation
  /// The next complete node.
  func node() throws(YAMLError) -> YAMLNode
  /// Consumes the start of an unanchored sequence or mapping.
  func enter() throws(YAMLError)
  /// Consumes the end of the entered sequence or mapping.
  func leave() throws(YAMLError)
  /// Checks that the document ends here.
  func finish() throws(YAMLError)
}

extension YAMLStream: NodeStream {}

extension NodeStream {
  /// The next key and value of an entered mapping; nil at its end, which is consumed.
  func nextEntry() throws(YAMLError) -> (key: YAMLNode, value: YAMLNode)? {
    guard try peek() != .end else {
      try leave()
      return nil
    }
    return (try node(), try node())
  }

  /// The next item of an entered sequence; nil at its end, which is consumed.
  func nextItem() throws(YAMLError) -> YAMLNode? {
    guard try peek() != .end else {
      try leave()
      return nil
    }
    return try node()
  }
}
