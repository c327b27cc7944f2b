import CLibYAML
import TriageCore

/// Builds nodes from libyaml events with an explicit stack (no recursion), resolving aliases.
///
/// Feed it the events of one node (a scalar, an alias, or a whole sequence or mapping); when
/// ``handle(_:)`` returns true the node is complete and ``takeNode()`` hands it over. Anchors
/// and the alias-expansion count carry over from node to node, so a document can be composed
/// piece by piece.
struct YAMLComposer {
  let file: String
  let limits: YAMLLimits
  let source: UnsafeBufferPointer<UInt8>
  /// How many containers enclose the nodes being composed (they count towards the depth limit).
  var enclosingDepth = 0
  private var node: YAMLNode?
  private var stack: [Frame] = []
  private var anchors: [String: YAMLNode] = [:]
  private var aliasExpansion = 0
  private var offsets: UTF8CharacterOffsets
  /// Added to libyaml's lines: the text read may start further down a file.
  private let lineOffset: Int

  /// Whether an alias has been read so far.
  var hasReadAlias: Bool { aliasExpansion > 0 }

  private struct Frame {
    var isMapping: Bool
    var location: SourceLocation
    var anchor: String?
    var items: [YAMLNode] = []
    var weight = 1
  }

  init(file: String, limits: YAMLLimits, source: UnsafeBufferPointer<UInt8>, lineOffset: Int = 0) {
    self.file = file
    self.limits = limits
    self.source = source
    self.lineOffset = lineOffset
    self.offsets = UTF8CharacterOffsets(source)
  }

  /// The node completed by the last event.
  mutating func takeNode() -> YAMLNode? {
    defer { node = nil }
    return node
  }

  /// Adds one event of a node; returns true when the node is complete.
  mutating func handle(_ event: yaml_event_t) throws(YAMLError) -> Bool {
    let location = SourceLocation(
      file: file, line: event.start_mark.line + 1 + lineOffset, column: event.start_mark.column + 1)
    switch event.type {
    case YAML_SCALAR_EVENT:
      let scalar = event.data.scalar
      if scalar.length > limits.maximumScalarLength {
        throw YAMLError(message: "scalar is longer than \(limits.maximumScalarLength) bytes", location: location)
      }
      let text =
        scalar.value.map {
          String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
        } ?? ""
      let style = Self.style(scalar.style)
      let tag = scalar.tag.map { String(cString: $0) }
      let positions =
        style == .literal
        ? nil
        : ScalarPositions.map(
          value: text, style: style, source: source,
          start: offsets.byteOffset(ofCharacter: event.start_mark.index),
          end: offsets.byteOffset(ofCharacter: event.end_mark.index),
          at: location)
      let node = YAMLNode(
        content: .scalar(text, style, tag: tag), location: location,
        contentLocation: contentLocation(of: event, style: style, at: location), weight: 1, positions: positions)
      try add(node, anchor: scalar.anchor)
    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
      if enclosingDepth + stack.count >= limits.maximumDepth {
        throw YAMLError(message: "YAML nesting is deeper than \(limits.maximumDepth) levels", location: location)
      }
      let anchor =
        event.type == YAML_SEQUENCE_START_EVENT
        ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
      stack.append(
        Frame(
          isMapping: event.type == YAML_MAPPING_START_EVENT, location: location,
          anchor: anchor.map { String(cString: $0) }))
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      guard let frame = stack.popLast() else { return false }
      let content: YAMLNode.Content
      if frame.isMapping {
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        pairs.reserveCapacity(frame.items.count / 2)
        var index = 0
        while index + 1 < frame.items.count {
          pairs.append((frame.items[index], frame.items[index + 1]))
          index += 2
        }
        content = .mapping(pairs)
      } else {
        content = .sequence(frame.items)
      }
      let node = YAMLNode(
        content: content, location: frame.location, contentLocation: frame.location, weight: frame.weight)
      if let anchor = frame.anchor { anchors[anchor] = node }
      try add(node, anchor: nil)
    case YAML_ALIAS_EVENT:
      let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
      guard let node = anchors[name] else {
        throw YAMLError(message: "unknown alias '*\(name)'\(YAMLHint.alias(name))", location: location)
      }
      aliasExpansion += node.weight
      if aliasExpansion > limits.maximumAliasExpansion {
        throw YAMLError(
          message: "aliases expand to more than \(limits.maximumAliasExpansion) nodes", location: location)
      }
      try add(node.moved(to: location), anchor: nil)
    default:
      break
    }
    return node != nil
  }

  private mutating func add(_ node: YAMLNode, anchor: UnsafeMutablePointer<yaml_char_t>?) throws(YAMLError) {
    if let anchor { anchors[String(cString: anchor)] = node }
    guard !stack.isEmpty else {
      self.node = node
      return
    }
    stack[stack.count - 1].items.append(node)
    stack[stack.count - 1].weight += node.weight
  }

  private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.Style {
    switch style {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: .literal
    case YAML_FOLDED_SCALAR_STYLE: .folded
    default: .plain
    }
  }

  /// Where a scalar's text begins: after the quote, or at the indentation of a block scalar's first line.
  private mutating func contentLocation(of event: yaml_event_t, style: YAMLNode.Style, at location: SourceLocation)
    -> SourceLocation
  {
    switch style {
    case .plain:
      return location
    case .singleQuoted, .doubleQuoted:
      return SourceLocation(file: file, line: location.line, column: location.column + 1)
    case .literal, .folded:
      var index = offsets.byteOffset(ofCharacter: event.start_mark.index)
      var line = location.line
      while index < source.count, source[index] != 0x0A { index += 1 }
      while index < source.count, source[index] == 0x0A {
        index += 1
        line += 1
        var indent = 0
        while index + indent < source.count, source[index + indent] == 0x20 { indent += 1 }
        if index + indent < source.count, source[index + indent] != 0x0A {
          return SourceLocation(file: file, line: line, column: indent + 1)
        }
        index += indent
      }
      return location
    }
  }
}
