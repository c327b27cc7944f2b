import CLibYAML
import TriageCore

/// One YAML document read a node at a time from libyaml's event stream, so a large file never
/// has to exist as a whole tree: a decoder can enter the root mapping and a long sequence in it,
/// then compose and decode one item at a time.
///
/// ```swift
/// let stream = try YAMLStream(text, file: "rules.yaml")
/// if case .mappingStart = try stream.peek() { … }
/// ```
final class YAMLStream {
  /// What comes next in the document.
  enum Next: Equatable {
    /// A scalar or an alias.
    case scalar
    /// A sequence or a mapping; an anchored one cannot be entered (an alias may need it whole).
    case sequenceStart(anchored: Bool)
    case mappingStart(anchored: Bool)
    /// The end of the entered sequence or mapping.
    case end
    /// The end of the document (or an empty file).
    case documentEnd
  }

  let file: String
  /// What the file is, for messages ("runbook file", "facts file").
  let kind: String
  private var parser = yaml_parser_t()
  private let bytes: UnsafeMutableBufferPointer<UInt8>
  private var composer: YAMLComposer
  private var peeked: yaml_event_t?
  private var entered = 0
  private let lineOffset: Int

  /// Whether an alias has been read so far.
  var hasReadAlias: Bool { composer.hasReadAlias }

  /// Starts reading `text`, a `kind` of file; throws for a syntax error before the first node.
  convenience init(_ text: String, file: String, kind: String = "runbook file", limits: YAMLLimits) throws(YAMLError) {
    try self.init(bytes: text.utf8, file: file, kind: kind, limits: limits)
  }

  /// Starts reading UTF-8 `bytes`, a `kind` of file, whose first line is line `lineOffset + 1`
  /// of `file`; throws for a syntax error before the first node.
  init<Bytes: Collection<UInt8>>(
    bytes utf8: Bytes, file: String, kind: String = "runbook file", limits: YAMLLimits, lineOffset: Int = 0
  ) throws(YAMLError) {
    self.file = file
    self.kind = kind
    self.lineOffset = lineOffset
    let count = utf8.count
    bytes = .allocate(capacity: count + 1)
    _ = bytes.initialize(from: utf8)
    bytes[count] = 0
    composer = YAMLComposer(
      file: file, limits: limits, source: UnsafeBufferPointer(rebasing: bytes[..<count]), lineOffset: lineOffset)
    guard yaml_parser_initialize(&parser) == 1 else {
      bytes.deallocate()
      throw YAMLError(message: "cannot initialize the YAML parser", location: Self.start(of: file))
    }
    yaml_parser_set_input_string(&parser, bytes.baseAddress, count)
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    // The stream start, then the document start unless the file holds no document.
    var streamStart = try take()
    yaml_event_delete(&streamStart)
    _ = try peek()
    if var event = peeked, event.type == YAML_DOCUMENT_START_EVENT {
      yaml_event_delete(&event)
      peeked = nil
    }
  }

  deinit {
    if var event = peeked { yaml_event_delete(&event) }
    yaml_parser_delete(&parser)
    bytes.deallocate()
  }

  /// What the next event starts, without consuming it.
  func peek() throws(YAMLError) -> Next {
    if peeked == nil { peeked = try parse() }
    guard let event = peeked else { return .documentEnd }
    switch event.type {
    case YAML_SEQUENCE_START_EVENT: return .sequenceStart(anchored: event.data.sequence_start.anchor != nil)
    case YAML_MAPPING_START_EVENT: return .mappingStart(anchored: event.data.mapping_start.anchor != nil)
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: return .end
    case YAML_DOCUMENT_END_EVENT, YAML_DOCUMENT_START_EVENT, YAML_STREAM_END_EVENT, YAML_NO_EVENT: return .documentEnd
    default: return .scalar
    }
  }

  /// Where the next event starts.
  func nextLocation() throws(YAMLError) -> SourceLocation {
    _ = try peek()
    guard let event = peeked else { return Self.start(of: file) }
    return location(of: event)
  }

  /// Composes the next complete node: a scalar, an alias's target, or a whole sequence or mapping.
  func node() throws(YAMLError) -> YAMLNode {
    composer.enclosingDepth = entered
    while true {
      var event = try take()
      defer { yaml_event_delete(&event) }
      switch event.type {
      case YAML_DOCUMENT_END_EVENT, YAML_DOCUMENT_START_EVENT, YAML_STREAM_END_EVENT, YAML_NO_EVENT:
        throw YAMLError(message: "unexpected end of the YAML document", location: location(of: event))
      default:
        if try composer.handle(event), let node = composer.takeNode() { return node }
      }
    }
  }

  /// Consumes the start of an unanchored sequence or mapping (after ``peek()`` said so); its items
  /// follow, then ``Next/end``.
  func enter() throws(YAMLError) {
    if entered + 1 >= composer.limits.maximumDepth {
      throw YAMLError(
        message: "YAML nesting is deeper than \(composer.limits.maximumDepth) levels", location: try nextLocation())
    }
    var event = try take()
    yaml_event_delete(&event)
    entered += 1
  }

  /// Consumes the end of the entered sequence or mapping.
  func leave() throws(YAMLError) {
    var event = try take()
    yaml_event_delete(&event)
    entered -= 1
  }

  /// Checks that the document ends here and that no second document follows.
  func finish() throws(YAMLError) {
    while true {
      var event = try take()
      defer { yaml_event_delete(&event) }
      switch event.type {
      case YAML_STREAM_END_EVENT, YAML_NO_EVENT:
        return
      case YAML_DOCUMENT_START_EVENT:
        throw YAMLError(
          message: "a \(kind) holds one YAML document; found a second one", location: location(of: event))
      default:
        continue
      }
    }
  }

  /// The next event, taken over by the caller (who deletes it).
  private func take() throws(YAMLError) -> yaml_event_t {
    if let event = peeked {
      peeked = nil
      return event
    }
    return try parse()
  }

  private func parse() throws(YAMLError) -> yaml_event_t {
    var event = yaml_event_t()
    guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError() }
    return event
  }

  private func location(of event: yaml_event_t) -> SourceLocation {
    SourceLocation(file: file, line: event.start_mark.line + 1 + lineOffset, column: event.start_mark.column + 1)
  }

  private static func start(of file: String) -> SourceLocation {
    SourceLocation(file: file, line: 1, column: 1)
  }

  private func syntaxError() -> YAMLError {
    let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
    let context = parser.context.map { String(cString: $0) }
    let mark = parser.problem_mark
    let message = context.map { "\(problem) \($0)" } ?? problem
    return YAMLError(
      message: "invalid YAML: \(message)\(YAMLHint.forSyntaxError(message))",
      location: SourceLocation(file: file, line: mark.line + 1 + lineOffset, column: mark.column + 1))
  }
}
