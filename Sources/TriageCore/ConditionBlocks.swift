import TriageCEL

/// The needed rules of a diagnosis, in evaluation order, cut into blocks whose conditions can be
/// evaluated together on every core.
///
/// A block ends before the first rule that reads a fact a needed rule of the same block derives.
/// So every fact a block's conditions read is settled once the rules before the block have been
/// applied, and evaluating those conditions at the block's start gives what evaluating each one
/// in turn would. The engine still applies the outcomes one rule at a time, in order: which
/// deriving rule sets a fact first and the order certainties combine in do not change.
///
/// Only a block of ``parallelMinimum`` rules or more is evaluated together; a smaller one is
/// evaluated one rule at a time, so fewer needed rules than that are not cut at all (the usual
/// runbook: no work is added to its diagnosis).
struct ConditionBlocks {
  /// Below this many rules a block's conditions are evaluated on the calling thread.
  static let parallelMinimum = 1_024
  /// The most rules in one block (bounds the outcomes held at a time).
  static let maximumSize = 8_192

  /// The needed rules' indexes, in evaluation order.
  private let rules: [Int]
  /// Where each block starts in `rules`, then `rules.count`.
  private let bounds: [Int]

  /// Cuts the rules marked in `needed` into blocks.
  init(needed: [Bool], catalog: Catalog) {
    let rules = needed.indices.filter { needed[$0] }
    self.rules = rules
    guard rules.count >= Self.parallelMinimum else {
      bounds = [0, rules.count]
      return
    }
    var bounds = [0]
    var start = 0
    for (position, rule) in rules.enumerated() where position > start {
      let derivedInBlock = catalog.factsReadByRule[rule].contains { fact in
        catalog.rulesDerivingFact[fact].contains { needed[$0] && $0 >= rules[start] }
      }
      if derivedInBlock || position - start >= Self.maximumSize {
        bounds.append(position)
        start = position
      }
    }
    bounds.append(rules.count)
    self.bounds = bounds
  }

  /// The blocks: each the indexes of its rules, in order.
  var blocks: [ArraySlice<Int>] {
    zip(bounds, bounds.dropFirst()).map { rules[$0..<$1] }
  }

  /// The conditions of a block's rules over `facts`, in the block's order, evaluated on every
  /// core; nil for a block under ``parallelMinimum`` rules (or one core), whose rules are then
  /// evaluated one at a time.
  static func conditions(of block: ArraySlice<Int>, rules: [Rule], facts: FactStore) -> [CELOutcome]? {
    let first = block.startIndex
    let chunks = ParallelChunks.chunks(count: block.count, minimum: parallelMinimum) { range in
      range.map { rules[block[first + $0]].evaluateCondition(facts) }
    }
    return chunks?.flatMap { $0 }
  }
}
