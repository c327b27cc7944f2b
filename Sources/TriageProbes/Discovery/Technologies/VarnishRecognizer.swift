import Foundation

/// Varnish: `-a` listen addresses, `-T` admin address, `-S` secret file, `-b` backend or the `-f`
/// VCL's backends (`.host`, `.port`) and probe (`.url`).
enum VarnishRecognizer: TechnologyRecognizer {
  static let processNames = ["varnishd"]

  static func recognize(_ process: RunningProcess) -> TechnologyFinding {
    var finding = TechnologyFinding(technology: "varnish", role: .proxy, process: process)
    let origin = "\(process.label) command line"
    let admin = process.option("-T").flatMap { NetworkEndpoint(parsing: $0) }
    if let admin { finding.found("varnish_admin", admin.description, at: origin) }
    if let secret = process.option("-S") { finding.found("varnish_secret", process.absolute(secret), at: origin) }
    finding.httpListens = process.listens.filter { $0 != admin }
    if let backend = process.option("-b") { finding.forward(to: backend, .http, at: origin) }
    guard let vcl = process.option("-f").map(process.absolute) else { return finding }
    guard let lines = ConfigLine.read(vcl) else {
      finding.notes.append("varnish: cannot read \(vcl)")
      return finding
    }
    var host: (String, ConfigLine)?
    for line in ConfigLine.cStyle(lines) {
      let text = line.text
      if text.hasPrefix("backend ") { host = nil }
      if let value = assignment(".host", in: text) { host = (value, line) }
      if let value = assignment(".port", in: text), let (name, hostLine) = host {
        finding.forward(to: "\(name):\(value)", .http, at: hostLine.location)
        host = nil
      }
      if let value = assignment(".url", in: text), finding.healthPath == nil {
        finding.healthPath = DiscoveredValue(value, from: line.location)
      }
    }
    if let (name, line) = host { finding.forward(to: name, .http, at: line.location) }
    return finding
  }

  /// The quoted value of `.name = "value";` in a VCL line.
  private static func assignment(_ name: String, in text: String) -> String? {
    guard text.hasPrefix(name) else { return nil }
    let rest = text.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
    guard rest.first == "=" else { return nil }
    let words = ConfigLine.words(String(rest.dropFirst()).replacingSemicolon())
    return words.first
  }
}

extension String {
  fileprivate func replacingSemicolon() -> String { split(separator: ";").first.map(String.init) ?? self }
}

extension ConfigLine {
  /// Lines of a C-like file (VCL) with `//` comments removed and each `{ }`-separated piece on its
  /// own line.
  static func cStyle(_ lines: [ConfigLine]) -> [ConfigLine] {
    lines.flatMap { line -> [ConfigLine] in
      var text = line.text
      if let comment = text.range(of: "//") { text = String(text[..<comment.lowerBound]) }
      return text.split(whereSeparator: { $0 == "{" || $0 == "}" }).map {
        ConfigLine(text: $0.trimming(" \t"), file: line.file, number: line.number)
      }.filter { !$0.text.isEmpty }
    }
  }
}
