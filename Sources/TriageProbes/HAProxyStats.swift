/// HAProxy's `show stat` CSV: a `# pxname,svname,…` header, then one row per frontend, server
/// and backend.
struct HAProxyStats {
  /// One row, by column name.
  struct Row {
    var fields: [String: String]

    subscript(_ name: String) -> String { fields[name] ?? "" }
    func int(_ name: String) -> Int { Int(fields[name] ?? "") ?? 0 }

    var proxy: String { self["pxname"] }
    var service: String { self["svname"] }
    var isFrontend: Bool { service == "FRONTEND" }
    var isBackend: Bool { service == "BACKEND" }
    var isServer: Bool { !isFrontend && !isBackend }
  }

  var rows: [Row]

  /// Parses the CSV; nil when there is no header.
  init?(_ text: String) {
    var lines = text.split(whereSeparator: \.isNewline).map(String.init)
    guard let headerIndex = lines.firstIndex(where: { $0.hasPrefix("# ") }) else { return nil }
    let header = lines[headerIndex].dropFirst(2).split(separator: ",", omittingEmptySubsequences: false)
      .map(String.init)
    lines = Array(lines[(headerIndex + 1)...])
    rows = lines.compactMap { line in
      guard !line.hasPrefix("#") else { return nil }
      let values = line.split(separator: ",", omittingEmptySubsequences: false)
      guard values.count >= 2 else { return nil }
      var fields: [String: String] = [:]
      for (name, value) in zip(header, values) where !name.isEmpty { fields[name] = String(value) }
      return Row(fields: fields)
    }
  }

  /// The backends with at least one server, in order.
  var backendsWithServers: [String] {
    let withServers = Set(rows.filter(\.isServer).map(\.proxy))
    return rows.filter { $0.isBackend && withServers.contains($0.proxy) }.map(\.proxy)
  }
}
