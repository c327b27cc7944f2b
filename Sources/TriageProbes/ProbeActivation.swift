import TriageCEL
import TriageCore

/// Binds `result` to a probe's structured result, and every other variable to the fact store.
struct ProbeActivation: CELActivation {
  let facts: FactStore
  let result: CELValue

  func binding(forVariable id: Int) -> CELBinding {
    id == Catalog.resultVariableID ? .value(result) : facts.binding(forVariable: id)
  }
}
