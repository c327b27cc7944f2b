import TriageCEL
import TriageCore

/// Fills the `${fact}` placeholders of a probe's parameters, each with one literal value, and
/// refuses values that could inject:
/// - a value holding a control character (CR, LF, NUL …) is refused wherever it goes (a URL, a
///   header, a path, an argument): CR/LF in a path would start a second HTTP request;
/// - in `argv`, an element that is one whole placeholder may not start with `-` (it would be read
///   as an option: `--set disk_path=--help`) unless an earlier element is `--`.
struct ParameterSubstitution {
  let catalog: Catalog
  let facts: FactStore

  /// Why a parameter could not be filled.
  enum Failure: Error {
    /// A fact it names has no value (unknown, or not applicable).
    case missing(String)
    /// A value was refused.
    case rejected(String)
  }

  /// A parameter that could not be filled, and why.
  struct ParameterFailure: Error {
    var parameter: String
    var failure: Failure
  }

  /// The parameters with placeholders filled, or the first parameter that failed and why.
  func parameters(of probe: ProbeDeclaration) -> Result<[String: CELValue], ParameterFailure> {
    var parameters: [String: CELValue] = [:]
    for (name, value) in probe.parameters.sorted(by: { $0.key < $1.key }) {
      switch substitute(value) {
      case .success(let resolved): parameters[name] = resolved
      case .failure(let failure): return .failure(ParameterFailure(parameter: name, failure: failure))
      }
    }
    if case .list(let written) = probe.parameters["argv"], case .list(let filled) = parameters["argv"],
      let problem = Self.optionInjection(written: written, filled: filled)
    {
      return .failure(ParameterFailure(parameter: "argv", failure: problem))
    }
    return .success(parameters)
  }

  /// An argv element that is a whole placeholder and came out as an option, before any `--`.
  static func optionInjection(written: [CELValue], filled: [CELValue]) -> Failure? {
    for (index, (original, value)) in zip(written, filled).enumerated() {
      guard case .string(let text) = original, case .string(let result) = value else { continue }
      if text == "--" { return nil }
      let references = PlaceholderTemplate.references(in: text)
      guard references.count == 1, text == "${\(references[0])}", result.hasPrefix("-") else { continue }
      return .rejected(
        "argument \(index) ('${\(references[0])}' = '\(result.prefix(40))') would be read as an option;"
          + " the runbook must place it after '--'")
    }
    return nil
  }

  private func substitute(_ value: CELValue) -> Result<CELValue, Failure> {
    switch value {
    case .string(let text):
      var failure: Failure?
      let replaced = PlaceholderTemplate.substitute(text) { name in
        guard let id = catalog.factIndex[name], let value = facts[id].value else {
          failure = .missing(name)
          return nil
        }
        let shown = if case .string(let string) = value { string } else { value.description }
        if shown.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
          failure = .rejected("'\(name)' holds a control character (CR, LF …), which could inject; refused")
          return nil
        }
        return shown
      }
      guard let replaced else { return .failure(failure ?? .missing("?")) }
      return .success(.string(replaced))
    case .list(let items):
      var output: [CELValue] = []
      for item in items {
        switch substitute(item) {
        case .success(let resolved): output.append(resolved)
        case .failure(let failure): return .failure(failure)
        }
      }
      return .success(.list(output))
    case .map(let map):
      var entries: [(CELValue, CELValue)] = []
      for entry in map.entries {
        switch substitute(entry.value) {
        case .success(let resolved): entries.append((entry.key, resolved))
        case .failure(let failure): return .failure(failure)
        }
      }
      return .success(.map(CELMap(entries)))
    default:
      return .success(value)
    }
  }
}
