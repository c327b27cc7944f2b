import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports

/// `triage kinds`: the probe kinds this build ships, with their parameters and the fields of
/// their results — the one declaration the loader checks `with:` and `yields` against, and from
/// which `docs/probe-kinds.md` is generated.
struct KindsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kinds",
    abstract: "List the probe kinds with their parameters and result fields.",
    discussion: """
      The loader checks every probe's `with:` and every `result.field` its yields read against \
      these declarations. --format markdown prints the reference of docs/probe-kinds.md.
      """)

  @Argument(help: "One kind (default: all).")
  var kind: String?

  @Option(help: "text, markdown or json.")
  var format: String = "text"

  func run() throws {
    guard ["text", "markdown", "json"].contains(format) else {
      throw ValidationError("--format is text, markdown or json")
    }
    var kinds = builtInProbeKinds.sorted { $0.identifier < $1.identifier }
    if let kind {
      kinds = kinds.filter { $0.identifier == kind }
      guard !kinds.isEmpty else {
        let names = builtInProbeKinds.map { $0.identifier }.sorted()
        throw ValidationError("no probe kind '\(kind)'\(Suggestion.hint(for: kind, in: names))")
      }
    }
    switch format {
    case "markdown": StandardOutput.print(kinds.map { markdown($0) }.joined(separator: "\n"))
    case "json": StandardOutput.print(JSONValue.array(kinds.map { json($0) }).serialized(pretty: true))
    default: StandardOutput.print(kinds.map { text($0) }.joined(separator: "\n"))
    }
  }

  private func text(_ kind: any ProbeKind.Type) -> String {
    var lines = ["\(kind.identifier):", "  parameters:"]
    for parameter in kind.parameters {
      lines.append("    \(parameter.name)\(parameter.required ? "*" : "") (\(parameter.type))  \(parameter.help)")
    }
    lines.append("  result:")
    for field in kind.resultFields { lines.append("    \(field.name) (\(field.type))  \(field.help)") }
    return lines.joined(separator: "\n")
  }

  private func markdown(_ kind: any ProbeKind.Type) -> String {
    var lines = [
      "## `\(kind.identifier)`", "", "| parameter | type | meaning |", "|---|---|---|",
    ]
    for parameter in kind.parameters {
      let name = "`\(parameter.name)`" + (parameter.required ? "*" : "")
      lines.append("| \(name) | \(parameter.type) | \(cell(parameter.help)) |")
    }
    lines += ["", "| result field | type | meaning |", "|---|---|---|"]
    for field in kind.resultFields {
      lines.append("| `\(field.name)` | \(cell(field.type.description)) | \(cell(field.help)) |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  private func json(_ kind: any ProbeKind.Type) -> JSONValue {
    var parameters: [JSONValue] = []
    for parameter in kind.parameters {
      let entries: [(String, JSONValue)] = [
        ("name", .string(parameter.name)), ("type", .string(parameter.type.rawValue)),
        ("required", .bool(parameter.required)), ("help", .string(parameter.help)),
      ]
      parameters.append(.object(entries))
    }
    var fields: [JSONValue] = []
    for field in kind.resultFields {
      let entries: [(String, JSONValue)] = [
        ("name", .string(field.name)), ("type", .string(field.type.description)), ("help", .string(field.help)),
      ]
      fields.append(.object(entries))
    }
    return .object([("kind", .string(kind.identifier)), ("parameters", .array(parameters)), ("result", .array(fields))])
  }
}
