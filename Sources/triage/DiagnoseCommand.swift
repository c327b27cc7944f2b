import ArgumentParser
import Foundation
import TriageCEL
import TriageCore
import TriageProbes
import TriageReports

/// `triage diagnose [SYMPTOM]`: guided troubleshooting in a terminal.
struct DiagnoseCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diagnose",
    abstract: "Guided troubleshooting: run the probes, ask only what they could not tell, explain, conclude.",
    discussion: """
      At a question answer it, or type: why (what depends on it), unknown, skip, back, help, quit.
      After the conclusion: how (the chain of rules and facts), retest (run the probes again), quit.
      """)

  @Argument(help: "The symptom (default: the catalog's only symptom).")
  var symptom: String?

  @OptionGroup var factOptions: FactOptions

  @Option(help: ArgumentHelp("Answer questions from a file (facts file or name: value mapping).", valueName: "file"))
  var answers: String?

  @Option(help: ArgumentHelp("Save the session's facts and answers, replayable with audit --facts.", valueName: "file"))
  var transcript: String?

  @OptionGroup var catalog: CatalogOptions

  @Flag(help: "Show each rule's condition and where it is written in the evidence and in `how`.")
  var verbose = false

  func run() async throws {
    let console = Console(verbose: verbose)
    let loaded = try catalog.loadCatalog()
    let symptom = try SymptomChoice.resolve(self.symptom, in: loaded)
    var scripted: [String: FactState] = [:]
    if let answers {
      switch AnswersFile.read(answers) {
      case .success(let read): scripted = read
      case .failure(let errors):
        for diagnostic in errors.diagnostics { StandardError.write(diagnostic.description) }
        throw ExitStatus.invalidInput
      }
    }
    // Bad options fail before the session starts: a missing config file, a bad deadline, an
    // unwritable transcript.
    _ = try factOptions.input.configEntries()
    _ = try factOptions.input.deadlineDuration()
    let transcriptTarget = try transcript.map { try ReportOutput.target(of: $0) }
    console.say(console.style.bold("\(symptom.title)") + " [\(symptom.id)]")
    if let summary = symptom.summary { console.paragraph(summary) }
    // Ctrl-C while the probes run says so (and saves what there is) instead of dying silently.
    let keeper = TranscriptKeeper(
      target: transcriptTarget, catalog: loaded, symptom: symptom.id, facts: FactStore(catalog: loaded))
    keeper.saveOnInterrupt()
    let (facts, _) = try await gather(symptom: symptom, catalog: loaded, console: console)
    keeper.update(facts)
    var session = GuidedSession(catalog: loaded, symptom: symptom.id, facts: facts)
    var dialog = GuidedDialog(console: console, scripted: scripted, keeper: keeper)
    let finished = dialog.askQuestions(&session)
    let diagnosis = session.concluded
    console.say("")
    console.say(
      TextReporter.render(
        diagnosis, metadata: ReportMetadata(triageVersion: TriageVersion.current), style: console.style))
    if finished && console.interactive {
      try await dialog.afterConclusion(
        &session, symptom: symptom, gather: { try await gather(symptom: symptom, catalog: loaded, console: console).0 })
    }
    keeper.update(session.facts)
    if let path = keeper.save() { console.say("Transcript saved to \(path) (replay: triage audit --facts \(path))") }
    throw ExitStatus.of(session.concluded.status)
  }

  private func gather(symptom: Symptom, catalog: Catalog, console: Console) async throws -> (FactStore, [ProbeRecord]) {
    if factOptions.facts == nil { console.say("Running probes…") }
    let result = try await factOptions.gather(symptom: symptom, catalog: catalog) { record in
      console.say(ProbeLine.format(record, style: console.style))
    }
    if factOptions.facts == nil {
      let ran = result.1.filter { $0.status != .notApplicable }
      let slowest = ran.map(\.duration).max() ?? .zero
      let skipped = result.1.count - ran.count
      console.say(
        "\(ran.count) probes in \(ProbeLine.milliseconds(slowest)) ms (slowest)"
          + (skipped > 0 ? "; \(skipped) did not apply to this stack." : "."))
    }
    return result
  }
}

/// One line per finished probe: status mark, id, kind, time, and why it gave no result.
enum ProbeLine {
  static func format(_ record: ProbeRecord, style: TextStyle) -> String {
    let mark = record.status == .ok ? style.green("✓") : style.yellow("!")
    let reason = record.reason.map { " — \($0)" } ?? ""
    return "  \(mark) \(record.id) (\(record.kind)) \(milliseconds(record.duration)) ms\(reason)"
  }

  static func milliseconds(_ duration: Duration) -> Int {
    Int(duration.milliseconds)
  }
}
