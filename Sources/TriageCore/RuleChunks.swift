import Dispatch
import TriageBinary

/// The rules of a stored catalog in self-contained chunks, so that loading decodes them on every
/// core: each chunk has its own string numbering and its byte length in front.
enum RuleChunks {
  /// Rules per chunk.
  static let size = 8_192

  static func write(_ rules: [Rule], to writer: inout BinaryWriter) {
    let chunks = stride(from: 0, to: rules.count, by: size).map { rules[$0..<min($0 + size, rules.count)] }
    writer.writeUnsigned(UInt64(chunks.count))
    for chunk in chunks {
      var part = BinaryWriter()
      part.writeUnsigned(UInt64(chunk.count))
      for rule in chunk { rule.encode(to: &part) }
      if part.unstorable { writer.unstorable = true }
      writer.write(bytes: part.bytes)
    }
  }

  /// Reads the rules; `names` are the catalog's fact names (the variables of the rules' programs).
  static func read(from reader: inout BinaryReader, names: [String]) throws(BinaryFormatError) -> [Rule] {
    let count = try reader.readCount(limit: 1 << 24)
    var chunks: [[UInt8]] = []
    for _ in 0..<count { chunks.append(try reader.readBytes()) }
    let parts = chunks
    let slots = ConcurrentSlots<Result<[Rule], BinaryFormatError>>(count: parts.count)
    let workers = Processors.workers
    let decode: @Sendable (Int) -> Void = { index in
      var part = BinaryReader(parts[index])
      part.names = names
      do throws(BinaryFormatError) {
        var rules: [Rule] = []
        for _ in 0..<(try part.readCount(limit: size)) { rules.append(try Rule(from: &part)) }
        slots.set(index, part.isAtEnd ? .success(rules) : .failure(BinaryFormatError("trailing bytes in a rule chunk")))
      } catch {
        slots.set(index, .failure(error))
      }
    }
    if workers > 1, parts.count > 1 {
      DispatchQueue.concurrentPerform(iterations: parts.count, execute: decode)
    } else {
      for index in parts.indices { decode(index) }
    }
    var rules: [Rule] = []
    for result in slots.take() {
      guard let result else { throw BinaryFormatError("a rule chunk was not read") }
      rules += try result.get()
    }
    return rules
  }
}
