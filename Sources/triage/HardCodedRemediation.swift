import Foundation
import TriageCEL
import TriageCore

/// Fix commands that write out a value an input names — `curl http://localhost:8000/health/` where
/// `app_port` defaults to 8000 — instead of its placeholder (`${input.app_port}`): on any stack
/// whose inputs differ the command points at the wrong place. `triage validate` warns of them.
enum HardCodedRemediation {
  /// One warning per command and input value it spells out.
  static func warnings(in catalog: Catalog) -> [Diagnostic] {
    var values: [(input: String, text: String)] = []
    for symptom in catalog.symptoms {
      for input in symptom.inputs {
        guard let value = input.defaultValue, !catalog.facts[input.factID].secret else { continue }
        switch value {
        case .int(let number) where number >= 1024: values.append((input.name, String(number)))
        case .string(let text) where text.count >= 5 && text.contains(where: { $0.isLetter || $0.isNumber }):
          values.append((input.name, text))
        default: continue
        }
      }
    }
    var found: [Diagnostic] = []
    for cause in catalog.causes {
      for remediation in cause.remediation {
        for command in remediation.step.commands {
          let literal = PlaceholderTemplate.substitute(command) { _ in "" } ?? command
          for (input, text) in values where spells(literal, text) {
            found.append(
              Diagnostic(
                .warning,
                "cause '\(cause.id)': the fix command '\(command)' spells out '\(text)', the default of input "
                  + "'\(input)': write ${input.\(input)} so it follows the stack's own value",
                at: remediation.location))
          }
        }
      }
    }
    return Array(Set(found)).sorted()
  }

  /// Whether `text` occurs in `command` as a whole word (a port not inside a longer number).
  private static func spells(_ command: String, _ text: String) -> Bool {
    var rest = command[...]
    while let range = rest.range(of: text) {
      let before = range.lowerBound > command.startIndex ? command[command.index(before: range.lowerBound)] : " "
      let after = range.upperBound < command.endIndex ? command[range.upperBound] : " "
      let isWordCharacter: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
      if !isWordCharacter(before) && !isWordCharacter(after) { return true }
      rest = command[range.upperBound...]
    }
    return false
  }
}
