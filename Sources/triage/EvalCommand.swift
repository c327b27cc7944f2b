import ArgumentParser
import TriageCEL
import TriageCore
import TriageRunbook

/// `triage eval EXPR [--facts FILE]`: evaluates a CEL expression against facts.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate a rule expression against facts from a JSON or YAML file.",
    discussion:
      "Prints the value and its CEL type, the error, or the unknown facts. Exit: 0 value, 1 evaluation error, 2 unknown, 65 bad expression or facts file."
  )

  @Argument(help: "A CEL expression, e.g. \"db.active >= db.max * 0.9\".")
  var expression: String

  @Option(
    help: ArgumentHelp("A facts file (triage-facts/1, or a plain mapping of names to values).", valueName: "file"))
  var facts: String?

  func run() throws {
    var bindings = FactBindings()
    if let facts {
      switch FactBindings.read(facts) {
      case .success(let read): bindings = read
      case .failure(let errors):
        for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
        throw ExitStatus.invalidInput
      }
    }
    let program: CELProgram
    do {
      program = try CELProgram.compile(expression, in: bindings.environment)
    } catch {
      StandardError.write("<expression>:\(error.position.line):\(error.position.column): error: \(error.message)")
      throw ExitStatus.invalidInput
    }
    switch program.evaluate(bindings) {
    case .value(let value):
      StandardOutput.print("\(value) (\(value.typeName))")
    case .error(let error):
      StandardOutput.print("error: \(error.message)")
      throw ExitStatus.problem
    case .unknown(let ids):
      let names = ids.map { bindings.describe($0) }
      StandardOutput.print("unknown: needs \(names.joined(separator: ", "))")
      throw ExitStatus.undetermined
    }
  }
}
