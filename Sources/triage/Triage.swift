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
      EvalCommand.self, GraphCommand.self, ListCommand.self, DiscoverCommand.self, ProbeCommand.self,
      KindsCommand.self, ServeCommand.self,
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
      do {
        var command = try parseAsRoot(arguments)
        if var asynchronous = command as? any AsyncParsableCommand {
          try await asynchronous.run()
        } else {
          try command.run()
        }
      } catch {
        // As ArgumentParser's own exit(withError:), but every message passes through the
        // credential redaction (a bad --set may quote a URL with a password in it).
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
          if !message.isEmpty { StandardOutput.print(message) }
        } else if !message.isEmpty {
          StandardError.write(message)
        }
        finishStandardOutput()
        ProcessExit.now(code.rawValue)
      }
    }
    finishStandardOutput()
    ProcessExit.now(0)
  }

  /// Fails with 74 when what was written to standard output did not reach it: `triage list
  /// >/dev/full` must not exit 0 with nothing written.
  private static func finishStandardOutput() {
    if let failure = StandardOutput.failure {
      StandardError.write("error: cannot write standard output: \(String(cString: strerror(failure)))")
      ProcessExit.now(ExitStatus.ioError.rawValue)
    }
  }

  /// Whether both standard input and output are a terminal (a person is there to answer).
  static var onTerminal: Bool { StandardError.isTerminal(0) && StandardError.isTerminal(1) }
}
