import TriageCore

/// A YAML node with the position it was written at; the loader's own tree, built from libyaml events.
///
/// A class, not a struct: decoding passes nodes around a lot, and a copy is then one reference
/// count, not one for each string and array the node holds.
public final class YAMLNode: Sendable {
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
  public let content: Content
  /// Where the node starts.
  public let location: SourceLocation
  /// Where a scalar's text starts (after a quote, or on the first line of a block scalar).
  public let contentLocation: SourceLocation
  /// The number of nodes in this subtree, used to bound alias expansion.
  public let weight: Int
  /// For a scalar whose value differs from its source text (escapes, folded or joined lines),
  /// the place of each Unicode scalar of the value; nil when the text is verbatim.
  public let positions: [SourceLocation]?

  /// Creates a node.
  public init(
    content: Content, location: SourceLocation, contentLocation: SourceLocation, weight: Int,
    positions: [SourceLocation]? = nil
  ) {
    self.content = content
    self.location = location
    self.contentLocation = contentLocation
    self.weight = weight
    self.positions = positions
  }

  /// The same node, used at another place (an alias).
  func moved(to location: SourceLocation) -> YAMLNode {
    YAMLNode(
      content: content, location: location, contentLocation: contentLocation, weight: weight, positions: positions)
  }

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
