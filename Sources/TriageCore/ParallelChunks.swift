import Dispatch

/// Work over many items split into chunks run on every core, the results taken in order.
///
/// Compiling runbooks uses it for parsing and type checking, which are pure: the builder takes
/// the results in load order, keeping diagnostics and the order of everything else deterministic.
/// Work that must happen in order (a regular expression spends the catalog's shared regex
/// budget) is left to the builder: the chunk's work returns nil for it. The engine uses it for
/// the conditions of a large block of independent rules and for the findings of many root
/// causes; the JSON writer for the items of a long array.
package enum ParallelChunks {
  /// Below this many items to compile, threads cost more than they save.
  static let minimumCount = 2_000
  /// How many items to compile at a time (bounds the memory of results waiting to be used).
  static let batchSize = 8_192

  /// `work` over `0..<count` split into chunks run on every core, each chunk given a range of
  /// indexes; the chunks' results in order, or nil when there are fewer than `minimum` items or
  /// only one core.
  package static func chunks<Chunk: Sendable>(
    count: Int, minimum: Int = minimumCount, _ work: @Sendable (Range<Int>) -> Chunk
  ) -> [Chunk]? {
    let workers = Processors.workers
    guard count >= minimum, workers > 1 else { return nil }
    let chunks = workers * 4
    let slots = ConcurrentSlots<Chunk>(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      slots.set(chunk, work(chunk * count / chunks..<(chunk + 1) * count / chunks))
    }
    // concurrentPerform returns once every chunk has run, so every slot is filled; a chunk
    // dropped here would pair the callers' items with another chunk's results.
    return slots.take().map { chunk in
      guard let chunk else { preconditionFailure("a chunk did not run") }
      return chunk
    }
  }
}
