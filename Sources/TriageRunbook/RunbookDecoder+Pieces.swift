import Dispatch
import TriageCore

extension RunbookDecoder {
  /// What decoding one piece gave.
  private struct PieceResult: Sendable {
    var document: RunbookDocument
    var diagnostics: [Diagnostic]
    /// The top-level keys of the piece taken, in order.
    var keys: [String]
    /// Whether the piece's last top-level key was taken (a piece after it may continue its list).
    var lastKeyTaken: Bool
    /// Where the piece's mapping starts.
    var start: SourceLocation
  }

  /// Decodes the pieces of one file on every core and joins them, in order, into the document
  /// the whole file decodes to, with the same diagnostics.
  ///
  /// - Returns: The document and its diagnostics; nil when a piece does not stand on its own —
  ///   a syntax error or a limit (whose message must come from reading the file in order), an
  ///   alias (its anchor may be in another piece, and the expansion limit counts the whole file),
  ///   or a top-level key given again in a later piece — so the caller decodes the file whole.
  func decodePieces(
    _ pieces: [RunbookPieces.Piece], file: String, limits: YAMLLimits
  ) -> (document: RunbookDocument, diagnostics: [Diagnostic])? {
    let slots = ConcurrentSlots<PieceResult>(count: pieces.count)
    DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
      let piece = pieces[index]
      // A string of the piece's own: every location holds the file name, and threads that
      // count references to one shared string stall each other.
      let file = String(decoding: Array(file.utf8), as: UTF8.self)
      var decoder = self
      var document = RunbookDocument(file: file)
      var keys: [String] = []
      let start: SourceLocation
      let lastKeyTaken: Bool
      do {
        let stream = try YAMLStream(bytes: piece.bytes, file: file, limits: limits, lineOffset: piece.lineOffset)
        start = try stream.nextLocation()
        guard try stream.peek() == .mappingStart(anchored: false) else { return }
        lastKeyTaken = try decoder.decodeEntries(stream, into: &document, seen: &keys)
        if stream.hasReadAlias { return }
      } catch {
        return
      }
      slots.set(
        index,
        PieceResult(
          document: document, diagnostics: decoder.decoder.diagnostics, keys: keys, lastKeyTaken: lastKeyTaken,
          start: start))
    }
    var document = RunbookDocument(file: file)
    var diagnostics: [Diagnostic] = []
    var seen = Set<String>()
    let results = slots.take()
    var previous: PieceResult?
    for (piece, result) in zip(pieces, results) {
      guard let result else { return nil }
      var keys = result.keys[...]
      if let section = piece.continues {
        // The list goes on from the piece before, where it must be the section last taken
        // (a repeated section is skipped whole, so its items must not be decoded here).
        guard keys.first == section, let previous, previous.lastKeyTaken, previous.keys.last == section else {
          return nil
        }
        keys = keys.dropFirst()
      }
      previous = result
      for key in keys {
        guard seen.insert(key).inserted else { return nil }
      }
      document.append(contentsOf: result.document)
      diagnostics += result.diagnostics
    }
    if !seen.contains("version"), let start = results.first??.start {
      diagnostics.append(Diagnostic(.error, "runbook file is missing required key 'version'", at: start))
    }
    return (document, diagnostics)
  }
}
