import TriageCore

/// Writes JSON straight into bytes, without building a tree first: a report with 100,000 rules'
/// evidence chains is tens of megabytes.
///
/// Containers take a closure that writes their members; commas, newlines and indentation
/// (two spaces when `pretty`) are placed by the writer.
/// ```swift
/// var writer = JSONWriter(pretty: true)
/// writer.object { json in
///   json.key("status")
///   json.string("healthy")
/// }
/// ```
public struct JSONWriter {
  /// The JSON written so far.
  public private(set) var bytes: [UInt8] = []
  private let pretty: Bool
  private var depth = 0
  /// Whether the open container has no member yet.
  private var empty = true
  /// Whether a key was just written, so the next value follows it directly.
  private var afterKey = false

  /// A line break and as many spaces as the deepest indentation so far.
  private var lineStart: [UInt8] = Array("\n".utf8)

  /// Where full chunks of `bytes` go, if anywhere.
  private let flush: (([UInt8]) -> Void)?
  private static let chunkSize = 1 << 20

  /// Creates a writer; `pretty` puts each member on its own line.
  public init(pretty: Bool, capacity: Int = 4096) {
    self.pretty = pretty
    self.flush = nil
    bytes.reserveCapacity(capacity)
  }

  /// Creates a writer that hands its bytes to `flush` a megabyte at a time, so a large document
  /// is never held whole; call ``finish()`` for the rest.
  public init(pretty: Bool, flush: @escaping ([UInt8]) -> Void) {
    self.pretty = pretty
    self.flush = flush
    bytes.reserveCapacity(Self.chunkSize + 4096)
  }

  /// Hands what is left to `flush`.
  public mutating func finish() {
    guard let flush, !bytes.isEmpty else { return }
    flush(bytes)
    bytes.removeAll(keepingCapacity: true)
  }

  /// Writes an object whose members `body` writes (as `key` then a value).
  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    open(UInt8(ascii: "{"))
    body(&self)
    close(UInt8(ascii: "}"))
  }

  /// Writes an array whose items `body` writes.
  public mutating func array(_ body: (inout JSONWriter) -> Void) {
    open(UInt8(ascii: "["))
    body(&self)
    close(UInt8(ascii: "]"))
  }

  /// Writes an array with one item for each element of `items`.
  public mutating func array<Items: Sequence>(_ items: Items, _ item: (inout JSONWriter, Items.Element) -> Void) {
    array { json in
      for element in items { item(&json, element) }
    }
  }

  /// Writes an array with one item for each element of `items`, the items split across every
  /// core when there are at least `minimum` of them: each part is written on its own core and
  /// the parts are joined in order, so the bytes are those ``array(_:_:)`` writes. The items go
  /// `batch` at a time, so a writer that flushes never holds more than one batch's parts.
  public mutating func array<Items: RandomAccessCollection & Sendable>(
    inParallel items: Items, minimum: Int = 64, batch: Int = 256,
    _ item: @escaping @Sendable (inout JSONWriter, Items.Element) -> Void
  ) where Items.Index == Int {
    let pretty = pretty
    let depth = depth + 1
    array { json in
      var start = items.startIndex
      while start < items.endIndex {
        // A last batch shorter than `minimum` would go on one core: it joins the one before.
        let end = items.endIndex - start >= batch + minimum ? start + batch : items.endIndex
        let (first, from) = (start == items.startIndex, start)
        let parts = ParallelChunks.chunks(count: end - start, minimum: minimum) { range in
          var part = JSONWriter(pretty: pretty, capacity: 1 << 16)
          part.depth = depth
          part.empty = first && range.lowerBound == 0
          for offset in range { item(&part, items[from + offset]) }
          return part.bytes
        }
        if let parts {
          for part in parts { json.append(written: part) }
          json.empty = false
        } else {
          for element in items[start..<end] { item(&json, element) }
        }
        start = end
      }
    }
  }

  /// Appends members written by another writer at this depth.
  private mutating func append(written part: [UInt8]) {
    if let flush {
      if !bytes.isEmpty {
        flush(bytes)
        bytes.removeAll(keepingCapacity: true)
      }
      flush(part)
    } else {
      bytes += part
    }
  }

  /// Writes an object member's key; the next value written is its value.
  public mutating func key(_ name: String) {
    separate()
    quote(name)
    bytes.append(UInt8(ascii: ":"))
    if pretty { bytes.append(UInt8(ascii: " ")) }
    afterKey = true
  }

  /// Writes a string, or null.
  public mutating func string(_ value: String?) {
    separate()
    if let value { quote(value) } else { bytes += "null".utf8 }
  }

  /// Writes an integer.
  public mutating func int(_ value: Int64) {
    separate()
    bytes += String(value).utf8
  }

  /// Writes a number; NaN and infinities, which JSON lacks, as the strings "NaN", "Infinity", "-Infinity".
  public mutating func double(_ value: Double) {
    separate()
    guard value.isFinite else {
      bytes += (value.isNaN ? "\"NaN\"" : (value > 0 ? "\"Infinity\"" : "\"-Infinity\"")).utf8
      return
    }
    if value == value.rounded(), abs(value) < 1e15 {
      bytes += String(Int64(value)).utf8
      bytes += ".0".utf8
    } else {
      bytes += String(value).utf8
    }
  }

  /// Writes true or false.
  public mutating func bool(_ value: Bool) {
    separate()
    bytes += (value ? "true" : "false").utf8
  }

  /// Writes null.
  public mutating func null() {
    separate()
    bytes += "null".utf8
  }

  private mutating func open(_ bracket: UInt8) {
    separate()
    bytes.append(bracket)
    depth += 1
    empty = true
  }

  private mutating func close(_ bracket: UInt8) {
    depth -= 1
    if !empty { newline() }
    bytes.append(bracket)
    empty = false
  }

  /// Places the comma and line break before a member, unless a key was just written.
  private mutating func separate() {
    if bytes.count >= Self.chunkSize, let flush {
      flush(bytes)
      bytes.removeAll(keepingCapacity: true)
    }
    if afterKey {
      afterKey = false
      return
    }
    guard depth > 0 else { return }
    if !empty { bytes.append(UInt8(ascii: ",")) }
    empty = false
    newline()
  }

  private mutating func newline() {
    guard pretty else { return }
    let count = 1 + depth * 2
    while lineStart.count < count { lineStart.append(UInt8(ascii: " ")) }
    lineStart.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  private mutating func quote(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    // Most strings need no escape and hold no credential: copied whole after one scan.
    var text = text
    let copied = text.withUTF8 { buffer in
      guard !Self.hasSpecialByte(buffer) else { return false }
      bytes.append(contentsOf: buffer)
      return true
    }
    if copied {
      bytes.append(UInt8(ascii: "\""))
      return
    }
    // No credential inside a URL-shaped value ever reaches a report.
    text = CredentialRedaction.redact(text)
    text.withUTF8 { buffer in
      // Runs of bytes that need no escape (most of a condition like `a != 1`) are copied whole.
      var runStart = 0
      for index in buffer.indices {
        let byte = buffer[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
        runStart = index + 1
        switch byte {
        case UInt8(ascii: "\""): bytes += "\\\"".utf8
        case UInt8(ascii: "\\"): bytes += "\\\\".utf8
        case UInt8(ascii: "\n"): bytes += "\\n".utf8
        case UInt8(ascii: "\r"): bytes += "\\r".utf8
        case UInt8(ascii: "\t"): bytes += "\\t".utf8
        default:
          bytes += "\\u00".utf8
          bytes.append(Self.hexDigits[Int(byte >> 4)])
          bytes.append(Self.hexDigits[Int(byte & 0xF)])
        }
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart...]))
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Whether any byte needs a closer look: a control character, '"' or '\\' (escaped), or ':'
  /// or '=' (a credential in a URL or a `password=` takes one). Branch-free over a bitmap of
  /// the bytes below 128, as most strings have none.
  private static func hasSpecialByte(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
    let belowSixtyFour: UInt64 = 0xFFFF_FFFF | 1 << 34 | 1 << 58 | 1 << 61
    let belowOneTwentyEight: UInt64 = 1 << (92 - 64)
    var found: UInt64 = 0
    for byte in buffer {
      let value = UInt64(byte)
      let mask = value < 64 ? belowSixtyFour : (value < 128 ? belowOneTwentyEight : 0)
      found |= (mask >> (value & 63)) & 1
    }
    return found != 0
  }
}
