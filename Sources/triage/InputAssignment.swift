import ArgumentParser
import TriageCEL
import TriageCore
import TriageProbes
import TriageRunbook

/// Sets a symptom's inputs: defaults first, then what discovery found, then the config file, then
/// `--set NAME=VALUE` on top.
enum InputAssignment {
  static func apply(
    _ assignments: [String], config: [InputConfig.Entry] = [], discovered: [String: DiscoveredValue] = [:],
    symptom: Symptom, to store: inout FactStore
  ) throws {
    for input in symptom.inputs {
      if case .unset = store[input.factID], let value = input.defaultValue {
        store[input.factID] = .known(value, Provenance(kind: "default", source: input.name))
      }
      if let found = discovered[input.name], case .success(let value) = InputValue.parse(found.value, as: input.type) {
        store[input.factID] = .known(value, Provenance(kind: "discovered", source: found.provenance))
      }
    }
    for entry in config {
      guard let input = symptom.inputs.first(where: { $0.name == entry.name }) else {
        StandardError.write("\(entry.location): error: symptom '\(symptom.id)' has no input '\(entry.name)'")
        throw ExitStatus.invalidInput
      }
      var value = input.type.coerce(entry.value)
      if value == nil, case .string(let text) = entry.value {
        value = try? InputValue.parse(text, as: input.type).get()
      }
      if value == nil, input.type == .string { value = .string(AnswerParser.display(entry.value)) }
      guard let value else {
        StandardError.write(
          "\(entry.location): error: \(entry.value) is not a valid \(input.type) for input '\(entry.name)'")
        throw ExitStatus.invalidInput
      }
      store[input.factID] = .known(value, Provenance(kind: "input", source: "config \(entry.location.file)"))
    }
    for assignment in assignments {
      guard let equals = assignment.firstIndex(of: "=") else {
        throw ValidationError("--set expects NAME=VALUE, got '\(assignment)'")
      }
      var name = String(assignment[..<equals])
      if name.hasPrefix("input.") { name.removeFirst("input.".count) }
      let text = String(assignment[assignment.index(after: equals)...])
      guard let input = symptom.inputs.first(where: { $0.name == name }) else {
        let names = symptom.inputs.map(\.name).joined(separator: ", ")
        throw ValidationError("symptom '\(symptom.id)' has no input '\(name)'; its inputs: \(names)")
      }
      switch InputValue.parse(text, as: input.type) {
      case .success(let value):
        store[input.factID] = .known(value, Provenance(kind: "input", source: "--set \(name)"))
      case .failure(let error):
        throw ValidationError("--set \(name): \(error)")
      }
    }
  }
}
