import TriageCEL

/// What each compiled rule connects — the facts it reads and derives, the cause it concludes —
/// in flat arrays, one entry per rule.
///
/// Taken from a rule on the core that has just built it, so that ordering and indexing ten
/// thousand rules read contiguous memory instead of visiting every rule object again (a cache
/// miss each, on one core, while the other waits).
struct RuleLinks: Sendable {
  /// Per rule: the declared facts its condition reads.
  private(set) var conditionReads = IndexLists()
  /// Per rule: the declared facts it reads anywhere (its condition and the values it derives).
  private(set) var reads = IndexLists()
  /// Per rule: the facts it derives, in order (none for a rule that concludes).
  private(set) var derived = IndexLists()
  /// For each value of `derived` (by its position there): whether it is the literal `true`.
  private(set) var derivesTrue: [Bool] = []
  /// Per rule: the cause it concludes, or -1.
  private(set) var concluded: [Int32] = []

  /// How many rules.
  var count: Int { concluded.count }

  /// Adds a rule's links.
  mutating func append(_ rule: Rule) {
    // Stored properties all the way: a computed one would copy the expression to read it.
    let conditionFacts = rule.when.program.variableIDs.lazy.filter { $0 >= 0 }
    conditionReads.append(conditionFacts)
    switch rule.action {
    case .derive(let derivations):
      var all = Array(conditionFacts)
      for position in derivations.indices {
        all += derivations[position].expression.program.variableIDs.lazy.filter { $0 >= 0 }
        derivesTrue.append(derivations[position].expression.source == "true")
      }
      reads.append(all)
      derived.append(derivations.lazy.map(\.factID))
      concluded.append(-1)
    case .conclude(let cause, _):
      reads.append(conditionFacts)
      derived.append(EmptyCollection())
      concluded.append(Int32(truncatingIfNeeded: cause))
    }
  }

  /// Adds the links of rule `index` of `other`.
  mutating func append(_ index: Int, of other: RuleLinks) {
    conditionReads.append(index, of: other.conditionReads)
    reads.append(index, of: other.reads)
    derived.append(index, of: other.derived)
    derivesTrue.append(contentsOf: other.derivesTrue[other.derived.positions(of: index)])
    concluded.append(other.concluded[index])
  }

  /// Adds the links of every rule of `other`, in order.
  mutating func append(contentsOf other: RuleLinks) {
    conditionReads.append(contentsOf: other.conditionReads)
    reads.append(contentsOf: other.reads)
    derived.append(contentsOf: other.derived)
    derivesTrue.append(contentsOf: other.derivesTrue)
    concluded.append(contentsOf: other.concluded)
  }

  /// Whether every value rule `index` derives for `fact` is the literal `true`.
  func derivesOnlyTrue(_ fact: Int, rule index: Int) -> Bool {
    let facts = derived[index]
    return facts.indices.allSatisfy { facts[$0] != fact || derivesTrue[$0] }
  }
}
