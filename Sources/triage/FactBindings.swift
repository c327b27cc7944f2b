import TriageCEL
import TriageCore
import TriageRunbook

/// Facts read for `triage eval`, declared as CEL variables by name.
struct FactBindings: CELActivation {
  var environment = CELEnvironment()
  var names: [String] = []
  var states: [FactState] = []

  func binding(forVariable id: Int) -> CELBinding {
    guard id >= 0, id < states.count, let value = states[id].value else { return .unknown }
    return .value(value)
  }

  func describe(_ id: Int) -> String {
    guard id >= 0, id < names.count else { return "?" }
    if case .unknown(let reason, _) = states[id] { return "\(names[id]) (\(reason))" }
    return names[id]
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
