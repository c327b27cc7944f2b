import TriageCEL

/// The facts of one diagnosis, by fact id, with provenance; unset and unknown facts read as CEL unknowns.
///
/// ```swift
/// var facts = FactStore(catalog: catalog)
/// facts.set("app.listening", to: .bool(false), from: Provenance(kind: "file", source: "facts.json"))
/// ```
public struct FactStore: Sendable, CELActivation {
  /// The states, indexed by fact id.
  public private(set) var states: [FactState]
  let names: [String: Int]

  /// Creates a store with every fact of the catalog unset.
  public init(catalog: Catalog) {
    states = Array(repeating: .unset, count: catalog.facts.count)
    names = catalog.factIndex
  }

  /// The state of a fact.
  public subscript(id: Int) -> FactState {
    get { states[id] }
    set { states[id] = newValue }
  }

  /// The id of a fact name, if the catalog declares it.
  public func id(of name: String) -> Int? { names[name] }

  /// Fixes the time of the run, which `now()` reads (when the catalog's expressions call it).
  public mutating func startRun(at timestamp: CELTimestamp) {
    _ = set(Catalog.nowFactName, to: .known(.timestamp(timestamp), Provenance(kind: "run", source: "start")))
  }

  /// Sets a fact by name; returns false when the catalog does not declare it.
  @discardableResult
  public mutating func set(_ name: String, to state: FactState) -> Bool {
    guard let id = names[name] else { return false }
    states[id] = state
    return true
  }

  public func binding(forVariable id: Int) -> CELBinding {
    guard id >= 0, id < states.count else { return .unknown }
    switch states[id] {
    case .known(let value, _): return .value(value)
    case .notApplicable: return .notApplicable
    case .unset, .unknown: return .unknown
    }
  }
}
