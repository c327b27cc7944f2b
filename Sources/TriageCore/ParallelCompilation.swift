import Dispatch
import TriageCEL

/// Compiles many CEL expressions on every core before the catalog builder walks them in order.
///
/// Parsing and type checking are pure, so they run in parallel; the builder then takes the
/// results in load order, keeping diagnostics and the order of everything else deterministic.
/// Expressions that call `matches` are left to the builder: each regular expression spends the
/// catalog's shared regex budget, which must be spent in order.
enum ParallelCompilation {
  /// Below this many expressions, threads cost more than they save.
  static let minimumCount = 2_000
  /// How many expressions to compile at a time (bounds the memory of programs waiting to be used).
  static let batchSize = 8_192

  /// The compiled programs (or errors) of `texts`, by index; nil where left to the caller.
  static func compile(_ texts: [String], in environment: CELEnvironment) -> [Result<CELProgram, CELCompileError>?] {
    let workers = Processors.workers
    guard texts.count >= minimumCount, workers > 1 else { return Array(repeating: nil, count: texts.count) }
    let results = ConcurrentSlots<Result<CELProgram, CELCompileError>>(count: texts.count)
    let chunks = workers * 4
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      var index = chunk * texts.count / chunks
      let end = (chunk + 1) * texts.count / chunks
      while index < end {
        let text = texts[index]
        if !text.containsBytes(of: "matches") {
          results.set(index, Result { () throws(CELCompileError) in try CELProgram.compile(text, in: environment) })
        }
        index += 1
      }
    }
    return results.take()
  }
}
