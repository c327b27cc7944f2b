import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports
import TriageRunbook
import TriageServer

/// `triage serve [SYMPTOM]`: audits on a schedule and answers `/healthz`, `/readyz`, `/metrics`,
/// `/report` and `/report.json` from the last audit (see docs/serve.md).
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Audit on a schedule and serve the verdict: /healthz, /readyz, /metrics, /report, /report.json.",
    discussion:
      "Listens on 127.0.0.1 unless --allow-remote is given. Audits run every --interval and on request, never more often than --min-interval; concurrent requests share one audit. Logs JSON lines on standard error. Stops gracefully on SIGTERM or SIGINT."
  )

  @Argument(help: "The symptom to audit (default: the catalog's only symptom).")
  var symptom: String?

  @OptionGroup var factOptions: FactOptions

  @OptionGroup var catalog: CatalogOptions

  @Option(help: ArgumentHelp("Where to listen (port 0: any free port).", valueName: "host:port"))
  var listen = "127.0.0.1:9503"

  @Flag(name: .customLong("allow-remote"), help: "Allow listening on an address other than loopback.")
  var allowRemote = false

  @Option(help: ArgumentHelp("How often to audit on the schedule.", valueName: "duration"))
  var interval = "60s"

  @Option(
    name: .customLong("min-interval"),
    help: ArgumentHelp("The least time between the starts of two audits, whatever asks.", valueName: "duration"))
  var minInterval = "10s"

  @Option(
    name: .customLong("token-file"),
    help: ArgumentHelp(
      "A file holding the bearer token every request must carry (or TRIAGE_SERVE_TOKEN).", valueName: "file"))
  var tokenFile: String?

  func run() async throws {
    MemoryAllocator.configureForLongRun()
    let (host, port) = try ListenAddress.parse(listen, allowRemote: allowRemote)
    let every = try DurationOption.parse(interval, option: "--interval")
    let least = try DurationOption.parse(minInterval, option: "--min-interval")
    let token = try bearerToken()
    let loaded = try catalog.loadCatalog()
    let chosen = try SymptomChoice.resolve(self.symptom, in: loaded)
    let options = factOptions
    let deadline = try options.input.deadlineDuration()
    let log = JSONLineLog { _ = FileDescriptorWriter.write($0, to: 2) }
    let scheduler = AuditScheduler(minimumInterval: least, log: log) {
      await Self.audit(symptom: chosen, catalog: loaded, options: options, log: log)
    }
    // A result older than two schedules and an audit's deadline means audits stopped succeeding.
    let settings = TriageHTTPServer.Settings(
      host: host, port: port, token: token, interval: every, staleAfter: every * 2 + least + deadline)
    do {
      try await TriageHTTPServer(settings: settings, scheduler: scheduler, log: log).run()
    } catch {
      StandardError.write("error: cannot serve on \(listen): \(error)")
      throw ExitStatus.ioError
    }
    // An audit may still be running on probe threads: end without the libraries' exit handlers.
    ProcessExit.now(0)
  }

  /// One audit, as `triage audit` runs it; nil (logged) when it cannot be run.
  private static func audit(symptom: Symptom, catalog: Catalog, options: FactOptions, log: JSONLineLog) async
    -> AuditOutcome?
  {
    let started = ContinuousClock.now
    do {
      let (store, probes) = try await options.gather(symptom: symptom, catalog: catalog, saving: true)
      let (diagnosis, metadata) = options.diagnose(
        store, probes: probes, symptom: symptom, catalog: catalog, started: started)
      return AuditOutcome(diagnosis: diagnosis, metadata: metadata)
    } catch let status as ExitCode {
      log.event("audit_error", [("error", .string("the facts or inputs could not be read (exit \(status.rawValue))"))])
      return nil
    } catch {
      log.event("audit_error", [("error", .string("\(error)"))])
      return nil
    }
  }

  private func bearerToken() throws -> String? {
    if let tokenFile {
      do {
        let text = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(
          in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("--token-file \(tokenFile) is empty") }
        return text
      } catch let error as ValidationError {
        throw error
      } catch {
        throw ValidationError("cannot read --token-file \(tokenFile): \(error.localizedDescription)")
      }
    }
    let variable = ProcessInfo.processInfo.environment["TRIAGE_SERVE_TOKEN"] ?? ""
    // Out of the environment before any probe runs: a command probe's program inherits it.
    unsetenv("TRIAGE_SERVE_TOKEN")
    return variable.isEmpty ? nil : variable
  }
}
