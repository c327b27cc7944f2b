import ArgumentParser
import Foundation
import TriageCore

/// The `triage` command: from a symptom to a root cause and a fix.
@main
struct Triage: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "triage",
    abstract: "A rule-based expert system that takes you from a symptom to a root cause and a fix.",
    discussion:
      """
      Plain `triage` on a terminal starts `triage diagnose`. Exit codes: 0 healthy/clean, 1 problem, unreachable, at-risk or \
      example failed, 2 undetermined, 64 usage error, 65 invalid runbook or facts file.
      """,
    version: TriageVersion.current,
    subcommands: [
      DiagnoseCommand.self, AuditCommand.self, FactsCommand.self, ValidateCommand.self, TestCommand.self,
      EvalCommand.self, GraphCommand.self, ListCommand.self,
    ],
    defaultSubcommand: onTerminal ? DiagnoseCommand.self : nil
  )

  /// Configures the allocator, then parses the command line and runs the command.
  static func main() async {
    MemoryAllocator.configure()
    let arguments = Array(CommandLine.arguments.dropFirst())
    if NagiosPlugin.requested(arguments) {
      await NagiosPlugin.main(arguments)
    } else {
      await main(nil)
    }
    // What `print` buffered for standard output must have reached it: `triage list >/dev/full`
    // fails (74) instead of exiting 0 with nothing written.
    if let failure = StandardOutput.failure {
      StandardError.write("error: cannot write standard output: \(String(cString: strerror(failure)))")
      ProcessExit.now(ExitStatus.ioError.rawValue)
    }
  }

  /// Whether both standard input and output are a terminal (a person is there to answer).
  static var onTerminal: Bool { StandardError.isTerminal(0) && StandardError.isTerminal(1) }
}
