import Foundation
import TriageCEL
import TriageCore

/// A kind of read-only check (`http`, `tcp`, `command` …) that runbooks declare as probes.
///
/// An implementation is synchronous and blocking; it runs on its own thread and must give up by
/// ``ProbeRequest/deadline``. It returns a structured result (a CEL map) that the runbook's
/// `yields` expressions read as `result`, or a failure reason that makes those facts unknown.
/// Register a kind in ``builtInProbeKinds``.
public protocol ProbeKind: Sendable {
  /// The kind's name in runbooks (`kind: http`).
  static var identifier: String { get }
  /// The parameters a probe of this kind takes under `with:`.
  static var parameters: [ProbeParameter] { get }
  /// Every field the result can have: the loader checks each `result.field` of a `yields`
  /// against it, and the reference in `docs/runbook-format.md` is generated from it.
  static var resultFields: [ProbeResultField] { get }
  /// Runs the check.
  static func run(_ request: ProbeRequest) -> ProbeOutcome
}

/// A parameter of a probe kind.
public struct ProbeParameter: Sendable {
  /// The name under `with:`.
  public var name: String
  /// The expected type after placeholder substitution.
  public var type: FactType
  /// Whether the parameter must be given.
  public var required: Bool
  /// What it means.
  public var help: String

  /// Creates a parameter description.
  public init(_ name: String, _ type: FactType, required: Bool = false, _ help: String) {
    self.name = name
    self.type = type
    self.required = required
    self.help = help
  }
}

/// A field of a probe kind's result, as `yields` read it (`result.status`).
public struct ProbeResultField: Sendable {
  /// The field's name.
  public var name: String
  /// Its type; `.dyn` when it varies (a parsed document, a value PgBouncer's version decides).
  public var type: CELType
  /// What it means.
  public var help: String

  /// Creates a field description.
  public init(_ name: String, _ type: CELType, _ help: String) {
    self.name = name
    self.type = type
    self.help = help
  }
}

/// What a probe is asked to do: its parameters with placeholders substituted, and its deadline.
public struct ProbeRequest: Sendable {
  /// The probe id.
  public var probeID: String
  /// Parameters after `${fact}` substitution.
  public var parameters: [String: CELValue]
  /// When the probe must have given up.
  public var deadline: ContinuousClock.Instant
  /// The environment of the triage process (for `password_env` and the like).
  public var environment: [String: String]

  /// Creates a request.
  public init(
    probeID: String, parameters: [String: CELValue], deadline: ContinuousClock.Instant,
    environment: [String: String] = [:]
  ) {
    self.probeID = probeID
    self.parameters = parameters
    self.deadline = deadline
    self.environment = environment
  }

  /// Time left before the deadline (never negative).
  public var remaining: Duration { max(.zero, deadline - .now) }

  /// A string parameter.
  public func string(_ name: String) -> String? {
    switch parameters[name] {
    case .string(let text): text
    case .int(let value): String(value)
    case .double(let value): String(value)
    case .bool(let value): String(value)
    default: nil
    }
  }

  /// An integer parameter (given as a number or as text).
  public func int(_ name: String) -> Int? {
    switch parameters[name] {
    case .int(let value): Int(value)
    case .double(let value) where value == value.rounded(): Int(value)
    case .string(let text): Int(text.trimmingCharacters(in: .whitespaces))
    default: nil
    }
  }

  /// A boolean parameter.
  public func bool(_ name: String) -> Bool? {
    switch parameters[name] {
    case .bool(let value): value
    case .string(let text): ["true", "yes", "1", "on"].contains(text.lowercased())
    default: nil
    }
  }

  /// A list of strings.
  public func strings(_ name: String) -> [String]? {
    guard case .list(let items) = parameters[name] else { return string(name).map { [$0] } }
    return items.map {
      if case .string(let text) = $0 { return text }
      return $0.description
    }
  }

  /// A map of strings.
  public func stringMap(_ name: String) -> [(String, String)] {
    guard case .map(let map) = parameters[name] else { return [] }
    return map.entries.map { entry in
      let key = if case .string(let text) = entry.key { text } else { entry.key.description }
      let value = if case .string(let text) = entry.value { text } else { entry.value.description }
      return (key, value)
    }
  }
}

/// How a probe ended.
public enum ProbeOutcome: Sendable {
  /// A structured result (a map) and a one-line summary of the evidence.
  case result(CELValue, evidence: String)
  /// No result: why (timed out, permission denied, not running …).
  case failure(String)
}
