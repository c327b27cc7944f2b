import TriageCore

/// A YAML node with the position it was written at; the loader's own tree, built from libyaml events.
public struct YAMLNode: Sendable {
  /// A scalar's presentation, which decides how it resolves (a quoted `"1"` is a string).
  public enum Style: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  /// The node's content.
  public enum Content: Sendable {
    case scalar(String, Style, tag: String?)
    case sequence([YAMLNode])
    case mapping([(key: YAMLNode, value: YAMLNode)])
  }

  /// The content.
  public var content: Content
  /// Where the node starts.
  public var location: SourceLocation
  /// Where a scalar's text starts (after a quote, or on the first line of a block scalar).
  public var contentLocation: SourceLocation
  /// The number of nodes in this subtree, used to bound alias expansion.
  public var weight: Int
  /// For a scalar whose value differs from its source text (escapes, folded or joined lines),
  /// the place of each Unicode scalar of the value; nil when the text is verbatim.
  public var positions: [SourceLocation]? = nil

  /// The scalar text, when the node is a scalar.
  public var scalar: String? {
    if case .scalar(let text, _, _) = content { return text }
    return nil
  }

  /// The key-value pairs, when the node is a mapping.
  public var mapping: [(key: YAMLNode, value: YAMLNode)]? {
    if case .mapping(let pairs) = content { return pairs }
    return nil
  }

  /// The items, when the node is a sequence.
  public var sequence: [YAMLNode]? {
    if case .sequence(let items) = content { return items }
    return nil
  }
}
