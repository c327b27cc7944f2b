import Foundation
import Testing
import TriageProbes

/// The runbook JSON Schema describes exactly the parameters each probe kind accepts.
@Suite struct ProbeSchemaTests {
  static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("schemas/runbook.schema.json")

  static func withProperties() throws -> [String: (names: Set<String>, required: Set<String>)] {
    let data = try Data(contentsOf: schemaURL)
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let defs = try #require(root["$defs"] as? [String: Any])
    let probe = try #require(defs["probe"] as? [String: Any])
    let branches = try #require(probe["allOf"] as? [[String: Any]])
    var result: [String: (Set<String>, Set<String>)] = [:]
    for branch in branches {
      let condition = (branch["if"] as? [String: Any])?["properties"] as? [String: Any]
      guard let kind = (condition?["kind"] as? [String: Any])?["const"] as? String,
        let then = branch["then"] as? [String: Any], let properties = then["properties"] as? [String: Any],
        let with = properties["with"] as? [String: Any]
      else { continue }
      let names = Set((with["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
      result[kind] = (names, Set(with["required"] as? [String] ?? []))
    }
    return result
  }

  @Test(arguments: builtInProbeKinds.map { $0.identifier })
  func schemaListsTheKindsParameters(_ identifier: String) throws {
    let kind = try #require(builtInProbeKinds.first { $0.identifier == identifier })
    let schema = try #require(try Self.withProperties()[identifier], "schema has no branch for kind '\(identifier)'")
    let names = Set(kind.parameters.map(\.name))
    #expect(
      schema.names == names,
      "missing in schema: \(names.subtracting(schema.names).sorted()); extra: \(schema.names.subtracting(names).sorted())"
    )
    #expect(schema.required == Set(kind.parameters.filter(\.required).map(\.name)))
  }
}
