/// Draws an ``EvidenceGraph`` as inline SVG: one column per depth (facts on the left, the symptom
/// on the right), nodes ordered in each column by where their inputs sit, edges as curves. The
/// drawing uses CSS classes only (`node fact unknown` …), so the page's style decides the colours
/// in light, dark and print.
enum EvidenceGraphSVG {
  static let nodeWidth = 210
  static let nodeHeight = 30
  static let columnGap = 60
  static let rowGap = 12
  static let margin = 8

  /// The `<svg>` element, or nil when the graph has no node.
  static func render(_ graph: EvidenceGraph) -> String? {
    guard !graph.nodes.isEmpty else { return nil }
    let columns = graph.columns()
    let rows = rowsByBarycenter(graph, columns: columns)
    let columnCount = (columns.max() ?? 0) + 1
    let rowCount = rows.values.map { $0 + 1 }.max() ?? 1
    let width = margin * 2 + columnCount * nodeWidth + (columnCount - 1) * columnGap
    let height = margin * 2 + rowCount * nodeHeight + (rowCount - 1) * rowGap
    func origin(_ node: Int) -> (x: Int, y: Int) {
      (margin + columns[node] * (nodeWidth + columnGap), margin + (rows[node] ?? 0) * (nodeHeight + rowGap))
    }
    var parts = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 \(width) \(height)\" "
        + "width=\"\(width)\" height=\"\(height)\" role=\"group\" aria-labelledby=\"graph-title\">",
      "<title id=\"graph-title\">Decision graph: \(graph.nodes.count) facts, rules and causes</title>",
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
        + "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\"/></marker></defs>",
    ]
    for edge in graph.edges {
      let from = origin(edge.from)
      let to = origin(edge.to)
      let x1 = from.x + nodeWidth
      let y1 = from.y + nodeHeight / 2
      let x2 = to.x
      let y2 = to.y + nodeHeight / 2
      let middle = (x1 + x2) / 2
      let state = graph.nodes[edge.from].state == .unknown ? " unknown" : ""
      parts.append(
        "<path class=\"edge\(state)\" d=\"M \(x1) \(y1) C \(middle) \(y1), \(middle) \(y2), \(x2) \(y2)\" "
          + "marker-end=\"url(#arrow)\"/>")
    }
    for (position, node) in graph.nodes.enumerated() {
      let at = origin(position)
      let label = MarkupText.escape(truncated(node.label))
      parts.append(
        "<g class=\"node \(node.kind.rawValue) \(node.state.rawValue)\" tabindex=\"0\" role=\"img\" "
          + "aria-label=\"\(MarkupText.escape(node.label)): \(MarkupText.escape(node.detail))\" "
          + "data-id=\"\(MarkupText.escape(node.id))\">"
          + "<title>\(MarkupText.escape(node.label)): \(MarkupText.escape(node.detail))</title>"
          + "<rect x=\"\(at.x)\" y=\"\(at.y)\" width=\"\(nodeWidth)\" height=\"\(nodeHeight)\" rx=\"\(radius(node.kind))\"/>"
          + "<text x=\"\(at.x + 10)\" y=\"\(at.y + nodeHeight / 2 + 5)\">\(label)</text></g>")
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }

  /// Rounded facts, square rules, slightly rounded causes and symptom.
  private static func radius(_ kind: EvidenceGraph.Kind) -> Int {
    switch kind {
    case .fact: 14
    case .rule: 2
    case .cause, .symptom: 6
    }
  }

  /// Each node's row in its column: first in the order met, then (left to right) by the mean row
  /// of the nodes that point at it, which keeps most edges short and uncrossed.
  private static func rowsByBarycenter(_ graph: EvidenceGraph, columns: [Int]) -> [Int: Int] {
    var rows: [Int: Int] = [:]
    var predecessors = [[Int]](repeating: [], count: graph.nodes.count)
    for edge in graph.edges { predecessors[edge.to].append(edge.from) }
    let columnCount = (columns.max() ?? 0) + 1
    for column in 0..<columnCount {
      let members = graph.nodes.indices.filter { columns[$0] == column }
      let ordered = members.enumerated().sorted { left, right in
        let a = barycenter(predecessors[left.element], rows) ?? Double(left.offset)
        let b = barycenter(predecessors[right.element], rows) ?? Double(right.offset)
        return a == b ? left.offset < right.offset : a < b
      }
      for (row, member) in ordered.enumerated() { rows[member.element] = row }
    }
    return rows
  }

  private static func barycenter(_ nodes: [Int], _ rows: [Int: Int]) -> Double? {
    let placed = nodes.compactMap { rows[$0] }
    guard !placed.isEmpty else { return nil }
    return Double(placed.reduce(0, +)) / Double(placed.count)
  }

  /// A label that fits its box (about 7 px per character at the page's 12 px type).
  private static func truncated(_ label: String) -> String {
    let limit = (nodeWidth - 20) / 7
    return label.count <= limit ? label : String(label.prefix(limit - 1)) + "…"
  }
}
