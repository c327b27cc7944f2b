import TriageCEL
import TriageCore

/// The decision graph of one diagnosis with its evidence on it: the facts that were read (their
/// values, or unknown), the rules that fired or were blocked, the causes they concluded or left
/// undecided, and the symptom the root causes explain.
///
/// Unlike ``DecisionGraph`` (everything a runbook could decide), it holds only what this run
/// touched, so it stays small enough to draw.
struct EvidenceGraph {
  enum Kind: String {
    case fact, rule, cause, symptom
  }

  /// How the run left a node: drawn with a different stroke and colour each.
  enum State: String {
    /// A fact with a value, a rule that fired, a concluded root cause, a present symptom.
    case observed
    /// A fact nobody could observe; a rule it blocked; a cause it left undecided.
    case unknown
    /// A concluded cause that a root cause explains.
    case mechanism
    /// A root cause.
    case root
  }

  struct Node {
    var id: String
    var kind: Kind
    var label: String
    /// The value, reason or title shown on hover.
    var detail: String
    var state: State
  }

  struct Edge: Hashable {
    var from: Int
    var to: Int
  }

  private(set) var nodes: [Node] = []
  private(set) var edges: [Edge] = []
  private var index: [String: Int] = [:]
  private var edgeSet = Set<Edge>()

  /// At most this many nodes are drawn; a diagnosis with more says so under the graph.
  static let nodeLimit = 120
  private var omittedIDs = Set<String>()
  /// How many nodes were left out to stay within ``nodeLimit``.
  var omitted: Int { omittedIDs.count }

  init(_ diagnosis: Diagnosis) {
    let symptom = node(
      "symptom:\(diagnosis.symptomID)", .symptom, diagnosis.symptomID, diagnosis.symptomTitle,
      diagnosis.symptomPresent == nil ? .unknown : .observed)
    // What the symptom's detection read: the whole graph of a healthy run.
    for fact in diagnosis.observation { addFact(fact, into: symptom) }
    // Every cause of a diagnosis is a root; the causes it explains come as its mechanisms.
    for cause in diagnosis.causes {
      var previous = add(cause, state: .root)
      for mechanism in cause.mechanisms {
        let next = add(mechanism, state: .mechanism)
        link(previous, next)
        previous = next
      }
      link(previous, symptom)
    }
    for hypothesis in diagnosis.undecided {
      guard let cause = node("cause:\(hypothesis.id)", .cause, hypothesis.id, hypothesis.title, .unknown) else {
        continue
      }
      for (position, ruleID) in hypothesis.blockedRules.enumerated() {
        guard let rule = node("rule:\(ruleID)", .rule, ruleID, "blocked by unknown facts", .unknown) else { continue }
        link(rule, cause)
        let names = position < hypothesis.blockedRuleFacts.count ? hypothesis.blockedRuleFacts[position] : []
        for name in names {
          let reason = hypothesis.blockedBy.first { $0.name == name }?.unknownReason ?? "unknown"
          if let fact = node("fact:\(name)", .fact, name, "unknown: \(reason)", .unknown) { link(fact, rule) }
        }
      }
    }
  }

  /// Adds a concluded cause and the rules and facts behind it; returns its node.
  private mutating func add(_ cause: CauseFinding, state: State) -> Int? {
    let detail = "\(cause.title) — certainty \(TextReporter.format(cause.certainty))"
    guard let target = node("cause:\(cause.id)", .cause, cause.id, detail, state) else { return nil }
    for trace in cause.evidence { addRule(trace, into: target) }
    return target
  }

  private mutating func addRule(_ trace: RuleTrace, into target: Int?) {
    guard let rule = node("rule:\(trace.ruleID)", .rule, trace.ruleID, trace.because ?? trace.condition, .observed)
    else { return }
    link(rule, target)
    for fact in trace.facts { addFact(fact, into: rule) }
  }

  private mutating func addFact(_ fact: FactEvidence, into rule: Int?) {
    let known = fact.value != nil || fact.redacted
    let value =
      fact.redacted ? "[redacted]" : fact.value.map { $0.description } ?? "unknown: \(fact.unknownReason ?? "?")"
    let source = fact.provenance.map { " — \($0.kind) \($0.source)" } ?? ""
    guard let node = node("fact:\(fact.name)", .fact, fact.name, value + source, known ? .observed : .unknown) else {
      return
    }
    link(node, rule)
    for trace in fact.derivation { addRule(trace, into: node) }
  }

  /// The node with `id`, added when new; nil once the limit is reached.
  private mutating func node(_ id: String, _ kind: Kind, _ label: String, _ detail: String, _ state: State) -> Int? {
    if let existing = index[id] { return existing }
    guard nodes.count < Self.nodeLimit else {
      omittedIDs.insert(id)
      return nil
    }
    index[id] = nodes.count
    nodes.append(Node(id: id, kind: kind, label: label, detail: detail, state: state))
    return nodes.count - 1
  }

  private mutating func link(_ from: Int?, _ to: Int?) {
    guard let from, let to, from != to else { return }
    let edge = Edge(from: from, to: to)
    if edgeSet.insert(edge).inserted { edges.append(edge) }
  }

  /// Each node's column: the longest path to it from a node nothing points at (facts first,
  /// the symptom last). The graph is acyclic (the runbook's rules are), and a cycle would only
  /// stop the deepening, never loop.
  func columns() -> [Int] {
    var column = [Int](repeating: 0, count: nodes.count)
    for _ in 0..<nodes.count {
      var changed = false
      for edge in edges where column[edge.to] < column[edge.from] + 1 {
        column[edge.to] = column[edge.from] + 1
        changed = true
      }
      if !changed { break }
    }
    return column
  }
}
