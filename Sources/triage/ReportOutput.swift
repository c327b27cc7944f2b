import ArgumentParser
import Foundation
import TriageCore
import TriageReports
import TriageRunbook

/// One requested report: a format and where it goes (stdout when no file).
struct ReportOutput {
  var reporter: any Reporter.Type
  var path: String?
  /// Where it goes, checked before any probe runs (see ``OutputTarget``).
  var target: OutputTarget

  /// Parses `format[:file]` specifications and checks every destination; throws a usage error
  /// (64) for a bad format and exits 74 for a destination that cannot be written.
  static func parse(_ specifications: [String]) throws -> [ReportOutput] {
    var outputs: [ReportOutput] = []
    for specification in specifications {
      let parts = specification.split(separator: ":", maxSplits: 1).map(String.init)
      guard let name = parts.first, let reporter = reporterType(named: name) else {
        let names = reporters.map { $0.identifier }.joined(separator: ", ")
        throw ValidationError("unknown format '\(specification)'; formats: \(names)")
      }
      let path = parts.count > 1 ? parts[1] : nil
      outputs.append(ReportOutput(reporter: reporter, path: path, target: try target(of: path)))
    }
    if outputs.filter({ $0.path == nil }).count > 1 {
      throw ValidationError("only one format can go to standard output; give the others a file (json:report.json)")
    }
    var seen = Set<String>()
    for output in outputs where !seen.insert(output.target.key).inserted {
      throw ValidationError("two reports go to \(output.path ?? "standard output"); give each its own file")
    }
    return outputs
  }

  /// The target of an output path (stdout when nil); exits 74 when it cannot be written.
  static func target(of path: String?) throws -> OutputTarget {
    guard let path else { return .standardOutput }
    do {
      return try OutputTarget.resolve(path)
    } catch {
      StandardError.write("error: \(error)")
      throw ExitStatus.ioError
    }
  }

  /// Writes every report, and `extra` outputs (saved facts), all or nothing: files go to new
  /// files beside their place, then devices and stdout are written, then the files are renamed
  /// into place. On any write error nothing is renamed, and the exit is 74.
  static func write(
    _ outputs: [ReportOutput], diagnosis: Diagnosis, metadata: ReportMetadata,
    extra: [(target: OutputTarget, text: String)] = [], verbose: Bool = false
  ) throws {
    var sinks: [OutputSink] = []
    do {
      var pending: [(OutputTarget, (OutputSink) -> Void)] = outputs.map { output in
        var style = output.path == nil ? TerminalStyle.forStandardOutput() : .plain
        style.verbose = verbose
        return (output.target, { output.reporter.write(diagnosis, metadata: metadata, style: style, to: $0.append) })
      }
      pending += extra.map { item in (item.target, { $0.append(Array(item.text.utf8)) }) }
      // Files first: a device or stdout written can not be taken back if a file fails.
      let isFile: ((OutputTarget, (OutputSink) -> Void)) -> Bool = { if case .replace = $0.0 { true } else { false } }
      pending = pending.filter(isFile) + pending.filter { !isFile($0) }
      for (target, render) in pending {
        let sink = try OutputSink(target)
        render(sink)
        try sink.finish()
        sinks.append(sink)
      }
      for sink in sinks { try sink.commit() }
    } catch {
      StandardError.write("error: \(error)")
      throw ExitStatus.ioError
    }
  }
}

/// Colour only on a terminal, and never with NO_COLOR.
enum TerminalStyle {
  static func forStandardOutput() -> TextStyle {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let terminal = StandardError.isTerminal(1)
    return TextStyle(color: !noColor && terminal, width: terminal ? Console.terminalWidth() : nil)
  }
}
