import Foundation
import Testing
import TriageCEL

/// Runs the CEL conformance subset in `shared/conformance/cel/*.json`, and the strings extension
/// library's cases in `shared/conformance/cel-ext/*.json` (see their READMEs).
@Suite struct CELConformance {
  /// Cases that are expected to fail, by `file/section/name`, with the reason.
  let skipped: [String: String] = [:]

  /// The core conformance data directory: `$TRIAGE_CEL_CONFORMANCE`, else
  /// `../shared/conformance/cel` relative to the package root.
  static var dataDirectory: URL { directory("cel", override: "TRIAGE_CEL_CONFORMANCE") }

  /// The strings extension data: `$TRIAGE_CEL_EXT_CONFORMANCE`, else `../shared/conformance/cel-ext`.
  static var extensionDataDirectory: URL { directory("cel-ext", override: "TRIAGE_CEL_EXT_CONFORMANCE") }

  private static func directory(_ name: String, override variable: String) -> URL {
    if let override = ProcessInfo.processInfo.environment[variable], !override.isEmpty {
      return URL(fileURLWithPath: override, isDirectory: true)
    }
    let packageRoot = URL(fileURLWithPath: #filePath)
      .resolvingSymlinksInPath()
      .deletingLastPathComponent()  // TriageCELTests
      .deletingLastPathComponent()  // Tests
      .deletingLastPathComponent()  // package root
    return packageRoot.appendingPathComponent("../shared/conformance/\(name)", isDirectory: true)
      .standardizedFileURL
  }

  @Test func allCases() throws {
    try runAll(in: Self.dataDirectory, label: "cel-conformance", extensions: false)
  }

  @Test func stringExtensionCases() throws {
    try runAll(in: Self.extensionDataDirectory, label: "cel-ext-conformance", extensions: true)
  }

  private func runAll(in directory: URL, label: String, extensions: Bool) throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".json") }
      .sorted()
    #expect(!files.isEmpty, "no conformance files in \(directory.path)")
    var passed = 0
    var failed = 0
    var skippedCount = 0
    for file in files {
      let data = try Data(contentsOf: directory.appendingPathComponent(file))
      let suite = try JSONDecoder().decode(ConformanceFile.self, from: data)
      for section in suite.sections {
        for test in section.tests {
          let id = "\(suite.file)/\(section.name)/\(test.name)"
          let failure = Self.run(test, extensions: extensions)
          if let reason = skipped[id] {
            skippedCount += 1
            #expect(failure != nil, "\(id) is skipped (\(reason)) but passes; remove it from the skip list")
            continue
          }
          #expect(failure == nil, "\(id): \(test.expr) — \(failure ?? "")")
          if failure == nil {
            passed += 1
          } else {
            failed += 1
          }
        }
      }
    }
    print("\(label): \(passed) passed, \(failed) failed, \(skippedCount) skipped")
  }

  /// Runs one case; returns a failure description, or `nil` when it passes.
  static func run(_ test: ConformanceCase, extensions: Bool = false) -> String? {
    var environment = CELEnvironment()
    if extensions { environment.registerStringExtensions() }
    let activation = environment.declare(values: test.bindings.mapValues(\.value))
    let program: CELProgram
    do {
      program = try CELProgram.compile(
        test.expr, in: environment, checkTypes: !(test.disableCheck ?? false))
    } catch {
      if test.expect.error != nil { return nil }
      return "compile error: \(error)"
    }
    if let deduced = test.expect.deducedType, program.resultType.description != deduced {
      return "deduced type \(program.resultType), expected \(deduced)"
    }
    let outcome = program.evaluate(activation)
    if test.expect.error != nil {
      if case .error = outcome { return nil }
      return "expected an error, got \(outcome)"
    }
    guard let expected = test.expect.value?.value else {
      return test.expect.deducedType != nil ? nil : "case has no expectation"
    }
    guard case .value(let actual) = outcome else {
      return "expected \(expected), got \(outcome)"
    }
    return strictlyEqual(actual, expected) ? nil : "expected \(expected), got \(actual)"
  }

  /// Equality for test expectations: same kinds, NaN matches NaN, `-0.0` keeps its sign,
  /// strings by code points, maps in any order.
  static func strictlyEqual(_ a: CELValue, _ b: CELValue) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)):
      return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
    case (.string(let x), .string(let y)):
      return Array(x.unicodeScalars) == Array(y.unicodeScalars)
    case (.list(let x), .list(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { strictlyEqual($0, $1) }
    case (.map(let x), .map(let y)):
      guard x.count == y.count else { return false }
      return x.entries.allSatisfy { entry in
        y.entries.contains { strictlyEqual($0.key, entry.key) && strictlyEqual($0.value, entry.value) }
      }
    case (.null, .null), (.bool, .bool), (.int, .int), (.uint, .uint), (.bytes, .bytes),
      (.duration, .duration), (.timestamp, .timestamp), (.type, .type):
      return a == b
    default:
      return false
    }
  }
}

/// One conformance JSON file.
struct ConformanceFile: Decodable {
  var file: String
  var sections: [ConformanceSection]
}

/// A named group of cases.
struct ConformanceSection: Decodable {
  var name: String
  var tests: [ConformanceCase]
}

/// One conformance case.
struct ConformanceCase: Decodable {
  var name: String
  var expr: String
  var bindings: [String: TaggedValue]
  var expect: ConformanceExpectation
  var disableCheck: Bool?
  var disableMacros: Bool?

  enum CodingKeys: String, CodingKey {
    case name, expr, bindings, expect
    case disableCheck = "disable_check"
    case disableMacros = "disable_macros"
  }
}

/// What a case expects: a value, an error, and/or a deduced type.
struct ConformanceExpectation: Decodable {
  var value: TaggedValue?
  var error: String?
  var deducedType: String?

  enum CodingKeys: String, CodingKey {
    case value, error
    case deducedType = "deduced_type"
  }
}

/// A CEL value in the conformance JSON encoding (`{"int": "1"}`, `{"list": [...]}`, …).
struct TaggedValue: Decodable {
  var value: CELValue

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  private struct Entry: Decodable {
    var key: TaggedValue
    var value: TaggedValue
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    guard let key = container.allKeys.first else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty value"))
    }
    func bad(_ text: String) -> any Error {
      DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
    }
    switch key.stringValue {
    case "null": value = .null
    case "bool": value = .bool(try container.decode(Bool.self, forKey: key))
    case "int":
      let text = try container.decode(String.self, forKey: key)
      guard let parsed = Int64(text) else { throw bad("bad int \(text)") }
      value = .int(parsed)
    case "uint":
      let text = try container.decode(String.self, forKey: key)
      guard let parsed = UInt64(text) else { throw bad("bad uint \(text)") }
      value = .uint(parsed)
    case "double":
      if let number = try? container.decode(Double.self, forKey: key) {
        value = .double(number)
      } else {
        switch try container.decode(String.self, forKey: key) {
        case "NaN": value = .double(.nan)
        case "Infinity": value = .double(.infinity)
        case "-Infinity": value = .double(-.infinity)
        case let other: throw bad("bad double \(other)")
        }
      }
    case "string": value = .string(try container.decode(String.self, forKey: key))
    case "list": value = .list(try container.decode([TaggedValue].self, forKey: key).map(\.value))
    case "map":
      let entries = try container.decode([Entry].self, forKey: key)
      value = .map(CELMap(entries.map { ($0.key.value, $0.value.value) }))
    case "duration":
      let text = try container.decode(String.self, forKey: key)
      guard let duration = CELDuration(parsing: text) else { throw bad("bad duration \(text)") }
      value = .duration(duration)
    case "timestamp":
      let text = try container.decode(String.self, forKey: key)
      guard let timestamp = CELTimestamp(parsing: text) else { throw bad("bad timestamp \(text)") }
      value = .timestamp(timestamp)
    case let other:
      throw bad("unsupported value kind \(other)")
    }
  }
}
