import TriageCore

/// Unknown facts named once each, their shared reason said once: `front.status, front.error
/// (probe 'front-http': timed out)` rather than the same reason after every fact.
enum UnknownFactList {
  /// The facts grouped by reason, in the order each reason first appears; `name` renders a
  /// fact's name (quoted for Markdown), `reason` a reason.
  static func text(
    _ facts: some Sequence<FactEvidence>, separator: String = ", ", name: (String) -> String = { $0 },
    reason: (String) -> String = { $0 }
  ) -> String {
    var order: [String] = []
    var names: [String: [String]] = [:]
    for fact in facts {
      let why = fact.unknownReason ?? "unknown"
      if names[why] == nil { order.append(why) }
      names[why, default: []].append(name(fact.name))
    }
    return order.map { why in "\(names[why, default: []].joined(separator: ", ")) (\(reason(why)))" }
      .joined(separator: separator)
  }
}
