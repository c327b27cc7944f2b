import TriageCore

/// The decision structure of a symptom as a graph: facts → rules → causes → symptom.
///
/// Rendered as Mermaid (for Markdown) or Graphviz dot.
public struct DecisionGraph: Sendable {
  struct Node: Hashable {
    var id: String
    var label: String
    var shape: Shape
  }

  enum Shape: Hashable {
    case symptom, cause, rule, fact
  }

  struct Edge: Hashable {
    var from: String
    var to: String
    var label: String?
  }

  var nodes: [Node] = []
  var edges: [Edge] = []

  /// Builds the graph of everything that bears on `symptom`.
  public init(catalog: Catalog, symptom: String) {
    let engine = Engine(catalog: catalog)
    let hypotheses = engine.hypotheses(for: symptom)
    let relevantFacts = Set(engine.factsNeeded(for: symptom))
    var seen = Set<String>()
    func add(_ node: Node) {
      if seen.insert(node.id).inserted { nodes.append(node) }
    }
    add(Node(id: "symptom_\(symptom)", label: symptom, shape: .symptom))
    let isHypothesis = Set(hypotheses)
    for index in hypotheses {
      let cause = catalog.causes[index]
      add(Node(id: "cause_\(cause.id)", label: cause.title, shape: .cause))
      for target in cause.explainsCauses where isHypothesis.contains(target) {
        edges.append(Edge(from: "cause_\(cause.id)", to: "cause_\(catalog.causes[target].id)", label: "explains"))
      }
      if cause.explainsSymptoms.contains(symptom) {
        edges.append(Edge(from: "cause_\(cause.id)", to: "symptom_\(symptom)", label: "explains"))
      }
    }
    for rule in catalog.rules {
      let concluded: [(String, String?)]
      switch rule.action {
      case .conclude(let cause, let certainty):
        guard isHypothesis.contains(cause) else { continue }
        concluded = [("cause_\(catalog.causes[cause].id)", "cf \(certainty)")]
      case .derive(let derivations):
        let targets = derivations.filter { relevantFacts.contains($0.factID) }
        guard !targets.isEmpty else { continue }
        concluded = targets.map { ("fact_\(catalog.facts[$0.factID].name)", nil) }
        for target in targets {
          add(
            Node(
              id: "fact_\(catalog.facts[target.factID].name)", label: catalog.facts[target.factID].name, shape: .fact))
        }
      }
      add(Node(id: "rule_\(rule.id)", label: rule.id, shape: .rule))
      for fact in rule.when.factIDs where fact >= 0 {
        let name = catalog.facts[fact].name
        add(Node(id: "fact_\(name)", label: name, shape: .fact))
        edges.append(Edge(from: "fact_\(name)", to: "rule_\(rule.id)", label: nil))
      }
      for (target, label) in concluded {
        edges.append(Edge(from: "rule_\(rule.id)", to: target, label: label))
      }
    }
  }

  /// Mermaid flowchart text.
  public func mermaid() -> String {
    var lines = ["flowchart LR"]
    for node in nodes {
      let label = node.label.replacingQuotes()
      let shape: String
      switch node.shape {
      case .symptom: shape = "(((\"\(label)\")))"
      case .cause: shape = "[\"\(label)\"]"
      case .rule: shape = "{{\"\(label)\"}}"
      case .fact: shape = "([\"\(label)\"])"
      }
      lines.append("  \(Self.identifier(node.id))\(shape)")
    }
    for edge in edges {
      let arrow = edge.label.map { "-- \"\($0.replacingQuotes())\" -->" } ?? "-->"
      lines.append("  \(Self.identifier(edge.from)) \(arrow) \(Self.identifier(edge.to))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Graphviz dot text.
  public func dot() -> String {
    var lines = ["digraph triage {", "  rankdir=LR;"]
    for node in nodes {
      let shape: String
      switch node.shape {
      case .symptom: shape = "doublecircle"
      case .cause: shape = "box"
      case .rule: shape = "hexagon"
      case .fact: shape = "ellipse"
      }
      lines.append("  \"\(node.id.escapedForDot())\" [label=\"\(node.label.escapedForDot())\", shape=\(shape)];")
    }
    for edge in edges {
      let label = edge.label.map { " [label=\"\($0.escapedForDot())\"]" } ?? ""
      lines.append("  \"\(edge.from.escapedForDot())\" -> \"\(edge.to.escapedForDot())\"\(label);")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A Mermaid-safe node identifier.
  static func identifier(_ id: String) -> String {
    String(id.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
  }
}

extension String {
  fileprivate func replacingQuotes() -> String {
    String(map { $0 == "\"" ? "'" : $0 })
  }

  fileprivate func escapedForDot() -> String {
    var output = ""
    for character in self {
      if character == "\"" || character == "\\" { output.append("\\") }
      output.append(character)
    }
    return output
  }
}
