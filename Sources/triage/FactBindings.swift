import TriageCEL
import TriageCore
import TriageRunbook

/// Facts read for `triage eval`, declared as CEL variables by name.
struct FactBindings: CELActivation {
  var environment: CELEnvironment = {
    var environment = CELEnvironment()
    environment.registerStringExtensions()
    return environment
  }()
  var names: [String] = []
  var states: [FactState] = []

  func binding(forVariable id: Int) -> CELBinding {
    guard id >= 0, id < states.count else { return .unknown }
    if states[id].isNotApplicable { return .notApplicable }
    return states[id].value.map { .value($0) } ?? .unknown
  }

  func describe(_ id: Int) -> String {
    guard id >= 0, id < names.count else { return "?" }
    switch states[id] {
    case .unknown(let reason, _): return "\(names[id]) (\(reason))"
    case .notApplicable(let reason, _): return "\(names[id]) (not applicable: \(reason))"
    default: return names[id]
    }
  }

  static func read(_ path: String) -> Result<FactBindings, CatalogErrors> {
    FactsFile.readUntyped(path).map { entries in
      var bindings = FactBindings()
      for (index, entry) in entries.enumerated() {
        bindings.environment.declare(entry.name, type: .dyn, id: index)
        bindings.names.append(entry.name)
        bindings.states.append(entry.state)
      }
      return bindings
    }
  }
}
