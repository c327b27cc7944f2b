import Foundation
import Testing
import TriageCore

@testable import TriageRunbook

/// The JSON fast path for facts files must read exactly what the YAML reading does: the same
/// entries at the same positions, or (by handing the text back) the same diagnostics.
@Suite struct JSONFastPathTests {
  private func outcome(_ text: String, fastPath: Bool) -> String {
    var reader = FactsFileReader(file: "facts.json")
    let (symptom, entries) = reader.read(text, lenient: false, jsonFastPath: fastPath)
    var lines = ["symptom \(symptom ?? "-")"]
    for entry in entries { lines.append("\(entry.location) \(entry.name) = \(entry.state)") }
    lines += reader.decoder.diagnostics.map(\.description)
    return lines.joined(separator: "\n")
  }

  private static let crafted = [
    #"{"format": "triage-facts/1", "facts": {"a": 1, "b": -0, "c": 1.5e3, "d": 1E-2, "e": true, "f": null}}"#,
    #"{"format":"triage-facts/1","facts":{"s":"x\ny","t":"caf\u00e9","u":"é ü 日本","v":"tab\there","w":"q\"q\\"}}"#,
    #"{"format": "triage-facts/1", "facts": {"l": [1, "two", [3]], "m": {"k": {"n": [true]}}}}"#,
    "{\n  \"format\": \"triage-facts/1\",\n  \"symptom\": \"s\",\n  \"facts\": {\n    \"a\": {\"value\": 5, \"source\": {\"kind\": \"probe\", \"source\": \"p\", \"evidence\": \"e\"}},\n    \"b\": {\"unknown\": \"timed out\"},\n    \"é\": \"x\"\n  }\n}\n",
    #"{"format": "triage-facts/1", "facts": {"a": 1, "a": 2}}"#,
    #"{"format": "triage-facts/1", "facts": {"a": "\ud83d\ude00"}}"#,
    #"{"format": "triage-facts/1", "facts": {"a": 01}}"#,
    #"{"format": "triage-facts/1", "facts": {"a": 1,}}"#,
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\"\n: 1}}",
    "{\"format\": \"triage-facts/1\",\t\"facts\": {}}",
    "{\"format\": \"triage-facts/1\",\r\n\"facts\": {}}\r\n",
    #"{"format": "triage-facts/1", "facts": {}} {}"#,
    #"{"format": "triage-facts/1"}"#,
    #"{"facts": {"a": 1}, "extra": 2}"#,
    #"{"format": "triage-facts/1", "facts": [1, 2]}"#,
    #"{"format": "triage-facts/1", "facts": {"a": "\/"}}"#,
    #"{"format": "triage-facts/1", "facts": {"a": "\u0001"}}"#,
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\": \"\u{7F}\"}}",
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\": \"\u{85}\u{A0}\u{FEFF}\"}}",
    #"{"format": "triage-facts/1", "facts": {"a": tru}}"#,
    #"{"format": "triage-facts/1", "facts": {"\#(String(repeating: "k", count: 1100))": 1}}"#,
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\": " + String(repeating: "[", count: 140)
      + String(repeating: "]", count: 140) + "}}",
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\": \"x\u{85}y\"}}",
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\": \"x\u{2028}y\", \"b\": 1}}",
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\": \"x\u{2029}y\", \"b\": 1}}",
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\"" + String(repeating: " ", count: 1100) + ": 1}}",
    #"{"format": "triage-facts/1", "facts": {""# + String(repeating: #"\""#, count: 600) + #"": 1}}"#,
    "{\"format\": \"triage-facts/1\", \"facts\": {\"a\": 1" + String(repeating: "0", count: 1_100_000) + "}}",
    "{}",
    "{",
  ]

  @Test(arguments: crafted) func craftedJSONReadsAsYAMLDoes(_ text: String) {
    #expect(outcome(text, fastPath: true) == outcome(text, fastPath: false))
  }

  @Test func factsFilesReadAsYAMLDoes() throws {
    let folders = [
      FixtureDirectory.packageRoot.appendingPathComponent("runbooks/http-503/facts").path,
      FixtureDirectory.root.appendingPathComponent("bad-facts").path,
    ]
    var compared = 0
    for folder in folders {
      for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".json") {
        guard let data = FileManager.default.contents(atPath: folder + "/" + name),
          let text = String(data: data, encoding: .utf8)
        else { continue }
        #expect(outcome(text, fastPath: true) == outcome(text, fastPath: false), "\(name)")
        compared += 1
      }
    }
    #expect(compared >= 10)
  }
}
