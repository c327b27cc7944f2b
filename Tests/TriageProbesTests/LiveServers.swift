import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

/// The servers `scripts/servers/start` runs, read from the environment file it writes
/// (`$TRIAGE_SERVERS_ENV`, default `<package>/.build/servers/env`). When the file is missing the
/// tests that need it fail with the reason — they never skip silently.
struct LiveServers: Sendable {
  let values: [String: String]

  struct Missing: Error, CustomStringConvertible {
    var path: String
    var description: String {
      "the live test servers are not running: \(path) is missing. Run scripts/servers/start first "
        + "(scripts/test does), or point TRIAGE_SERVERS_ENV at the env file it wrote."
    }
  }

  static let path: String = {
    if let path = ProcessInfo.processInfo.environment["TRIAGE_SERVERS_ENV"], !path.isEmpty { return path }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent(".build/servers/env").path
  }()

  private static let loaded: Result<LiveServers, Missing> = {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .failure(Missing(path: path)) }
    var values: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      var entry = line.hasPrefix("export ") ? line.dropFirst(7) : line[...]
      guard let equals = entry.firstIndex(of: "=") else { continue }
      let key = String(entry[..<equals])
      entry = entry[entry.index(after: equals)...]
      if entry.count >= 2, entry.first == "'", entry.last == "'" { entry = entry.dropFirst().dropLast() }
      values[key] = String(entry)
    }
    return .success(LiveServers(values: values))
  }()

  /// The running servers, or an error that fails the test.
  static func load() throws -> LiveServers { try loaded.get() }

  /// A value of the environment file; fails the test when absent.
  func callAsFunction(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try #require(values[key], "\(key) is missing from \(Self.path)", sourceLocation: sourceLocation)
  }

  func port(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
    try #require(Int(try self(key, sourceLocation: sourceLocation)), sourceLocation: sourceLocation)
  }
}

/// The suites that change the shared servers' state (taking every PostgreSQL slot, every Redis
/// client) or need it healthy (timings) are nested here and run one at a time.
@Suite(.serialized) enum LiveServerProbeTests {}

/// A probe request with `parameters`, a deadline `timeout` from now, and an environment.
func probeRequest(
  _ parameters: [String: CELValue], timeout: Duration = .seconds(5),
  environment: [String: String] = ProcessInfo.processInfo.environment
) -> ProbeRequest {
  ProbeRequest(probeID: "test", parameters: parameters, deadline: .now + timeout, environment: environment)
}

/// Runs a probe kind and measures it.
func measure(_ kind: any ProbeKind.Type, _ request: ProbeRequest) -> (ProbeOutcome, Duration) {
  let start = ContinuousClock.now
  let outcome = kind.run(request)
  return (outcome, ContinuousClock.now - start)
}

extension ProbeOutcome {
  /// The result map, or nil for a failure.
  var value: CELValue? {
    if case .result(let value, _) = self { return value }
    return nil
  }

  var evidence: String? {
    if case .result(_, let evidence) = self { return evidence }
    return nil
  }

  /// The failure reason, or nil for a result.
  var reason: String? {
    if case .failure(let reason) = self { return reason }
    return nil
  }

  /// The evidence or the reason: what may reach a report.
  var text: String { evidence ?? reason ?? "" }
}

extension CELValue {
  /// A field of a map (nil when not a map or absent).
  subscript(_ key: String) -> CELValue? {
    guard case .map(let map) = self else { return nil }
    return map[.string(key)]
  }

  /// An element of a list.
  subscript(_ index: Int) -> CELValue? {
    guard case .list(let items) = self, items.indices.contains(index) else { return nil }
    return items[index]
  }

  var int: Int64? {
    if case .int(let value) = self { return value }
    return nil
  }

  var double: Double? {
    switch self {
    case .double(let value): value
    case .int(let value): Double(value)
    default: nil
    }
  }

  var bool: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  var string: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var list: [CELValue]? {
    if case .list(let value) = self { return value }
    return nil
  }
}
