extension CatalogBuilder {
  /// Orders rules so that each comes after every rule deriving a fact it reads; reports cycles.
  ///
  /// Kahn's algorithm, seeded in load order, so the order is deterministic.
  mutating func orderRules(_ rules: [Rule], links: RuleLinks, factCount: Int) -> [Int]? {
    let derivers = IndexLists(inverting: links.derived, count: factCount, order: Array(0..<links.count))
    var edges: [(list: Int, value: Int)] = []
    var inDegree = Array(repeating: 0, count: rules.count)
    for index in 0..<links.count {
      for fact in links.reads[index] {
        for source in derivers[fact] {
          edges.append((source, index))
          inDegree[index] += 1
        }
      }
    }
    let successors = IndexLists(count: rules.count, pairs: edges)
    var queue = rules.indices.filter { inDegree[$0] == 0 }
    queue.reserveCapacity(rules.count)
    var remaining = inDegree
    var head = 0
    while head < queue.count {
      let current = queue[head]
      head += 1
      for next in successors[current] {
        remaining[next] -= 1
        if remaining[next] == 0 { queue.append(next) }
      }
    }
    guard queue.count < rules.count else { return queue }
    let predecessors = IndexLists(count: rules.count, pairs: edges.map { ($0.value, $0.list) })
    reportCycle(rules: rules, predecessors: predecessors, inDegree: remaining)
    return nil
  }

  private mutating func reportCycle(rules: [Rule], predecessors: IndexLists, inDegree: [Int]) {
    guard let start = rules.indices.first(where: { inDegree[$0] > 0 }) else { return }
    var path: [Int] = []
    var seenAt: [Int: Int] = [:]
    var current = start
    while seenAt[current] == nil {
      seenAt[current] = path.count
      path.append(current)
      guard let next = predecessors[current].first(where: { inDegree[$0] > 0 }) else { return }
      current = next
    }
    var cycle = Array(path[(seenAt[current] ?? 0)...].reversed())
    let first = cycle.indices.min { rules[cycle[$0]].location < rules[cycle[$1]].location } ?? 0
    cycle = Array(cycle[first...] + cycle[..<first])
    let names = (cycle + [cycle[0]]).map { rules[$0].id }.joined(separator: " -> ")
    error("rule cycle: \(names) (each needs a fact the next derives)", at: rules[cycle[0]].location)
  }

  /// Reports causes that explain each other in a circle.
  mutating func checkExplainsCycles(_ causes: [Cause]) {
    var state = Array(repeating: 0, count: causes.count)  // 0 new, 1 on stack, 2 done
    for root in causes.indices where state[root] == 0 {
      var stack: [(node: Int, next: Int)] = [(root, 0)]
      state[root] = 1
      while let top = stack.last {
        let edges = causes[top.node].explainsCauses
        if top.next < edges.count {
          stack[stack.count - 1].next += 1
          let target = edges[top.next]
          if state[target] == 1 {
            let names = stack.map { causes[$0.node].id }.drop { $0 != causes[target].id } + [causes[target].id]
            error("cause cycle: \(names.joined(separator: " explains "))", at: causes[target].location)
          } else if state[target] == 0 {
            state[target] = 1
            stack.append((target, 0))
          }
        } else {
          state[top.node] = 2
          stack.removeLast()
        }
      }
    }
  }
}
