import ArgumentParser
import TriageReports
import TriageRunbook

/// `triage audit --nagios` as a monitoring plugin: whatever goes wrong before a verdict (a usage
/// error, a bad config, an invalid runbook or facts file, an unwritable report) prints exactly
/// one `TRIAGE UNKNOWN - …` line on standard output and exits 3, as the plugin guidelines ask.
enum NagiosPlugin {
  /// Whether the command line asks for plugin output.
  static func requested(_ arguments: [String]) -> Bool {
    arguments.prefix { $0 != "--" }.contains("--nagios")
  }

  /// Parses and runs the command; on any error prints the UNKNOWN line and exits 3.
  static func main(_ arguments: [String]) async {
    do {
      var command = try Triage.parseAsRoot(arguments)
      if var asynchronous = command as? any AsyncParsableCommand {
        try await asynchronous.run()
      } else {
        try command.run()
      }
    } catch {
      let code = Triage.exitCode(for: error)
      if code == .success { Triage.exit(withError: error) }
      // A diagnostic already written to standard error says best what went wrong.
      let message = StandardError.firstError ?? Triage.fullMessage(for: error)
      if StandardError.firstError == nil { StandardError.write(message) }
      FileDescriptorWriter.write(Array(NagiosReporter.failureLine(message).utf8), to: 1)
      ProcessExit.now(NagiosReporter.State.unknown.rawValue)
    }
  }
}
