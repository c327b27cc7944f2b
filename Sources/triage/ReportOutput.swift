import ArgumentParser
import Foundation
import TriageCore
import TriageReports
import TriageRunbook

/// One requested report: a format and where it goes (stdout when no file).
struct ReportOutput {
  var reporter: any Reporter.Type
  var path: String?

  static func parse(_ specifications: [String]) throws -> [ReportOutput] {
    var outputs: [ReportOutput] = []
    for specification in specifications {
      let parts = specification.split(separator: ":", maxSplits: 1).map(String.init)
      guard let name = parts.first, let reporter = reporterType(named: name) else {
        let names = reporters.map { $0.identifier }.joined(separator: ", ")
        throw ValidationError("unknown format '\(specification)'; formats: \(names)")
      }
      outputs.append(ReportOutput(reporter: reporter, path: parts.count > 1 ? parts[1] : nil))
    }
    if outputs.filter({ $0.path == nil }).count > 1 {
      throw ValidationError("only one format can go to standard output; give the others a file (json:report.json)")
    }
    return outputs
  }

  static func write(_ outputs: [ReportOutput], diagnosis: Diagnosis, metadata: ReportMetadata) throws {
    for output in outputs {
      let style = output.path == nil ? TerminalStyle.forStandardOutput() : .plain
      if let path = output.path {
        do {
          let file = try AtomicFile(path: path)
          output.reporter.write(diagnosis, metadata: metadata, style: style, to: file.append)
          try file.commit()
        } catch {
          StandardError.write("error: \(error)")
          throw ExitStatus.invalidInput
        }
      } else {
        output.reporter.write(diagnosis, metadata: metadata, style: style) {
          FileDescriptorWriter.write($0, to: 1)
        }
      }
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
