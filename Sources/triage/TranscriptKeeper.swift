import Dispatch
import Foundation
import TriageCore
import TriageReports

/// Keeps the session's facts so a transcript can be written at any moment — at the end, at end
/// of input, or when Ctrl-C interrupts — as a facts file that `triage audit --facts` replays.
final class TranscriptKeeper: @unchecked Sendable {
  private let lock = NSLock()
  private let target: OutputTarget?
  private let catalog: Catalog
  private let symptom: String
  private var facts: FactStore
  private var signalSource: (any DispatchSourceSignal)?

  /// - Parameter target: Where the transcript goes, checked before the session starts.
  init(target: OutputTarget?, catalog: Catalog, symptom: String, facts: FactStore) {
    self.target = target
    self.catalog = catalog
    self.symptom = symptom
    self.facts = facts
  }

  func update(_ facts: FactStore) {
    lock.lock()
    self.facts = facts
    lock.unlock()
  }

  /// Writes the transcript, if a path was given; returns the path written.
  @discardableResult
  func save() -> String? {
    lock.lock()
    defer { lock.unlock() }
    guard let target else { return nil }
    let text = FactsFileWriter.render(facts, catalog: catalog, symptom: symptom)
    do {
      let sink = try OutputSink(target)
      sink.append(Array(text.utf8))
      try sink.finish()
      try sink.commit()
      return target.key
    } catch {
      StandardError.write("error: cannot write the transcript: \(error)")
      return nil
    }
  }

  /// On Ctrl-C: save the transcript, say so, and exit 130.
  func saveOnInterrupt() {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [self] in
      let saved = save()
      let note = saved.map { "; transcript saved to \($0)" } ?? ""
      FileHandle.standardOutput.write(Data("\ninterrupted\(note)\n".utf8))
      exit(130)
    }
    source.resume()
    signalSource = source
  }
}
