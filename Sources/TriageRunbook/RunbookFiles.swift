import Foundation
import TriageCore

/// Finds runbook files under paths, in a stable order, each once.
enum RunbookFiles {
  /// A runbook file: where to read it, and how diagnostics and reports name it.
  struct File {
    /// The path to open.
    var path: String
    /// The path shown in locations: relative to the working directory when the file is inside
    /// it, else relative to the directory it was found under (named by its last component), so
    /// reports never show where a machine keeps its runbooks.
    var display: String
  }

  static func find(in paths: [String], diagnostics: inout [Diagnostic]) -> [File] {
    var files: [File] = []
    var seen = Set<String>()
    let manager = FileManager.default
    let workingDirectory = manager.currentDirectoryPath
    let runningAsRoot = geteuid() == 0
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        diagnostics.append(Diagnostic(.error, "no such file or directory: \(path)", at: nil))
        continue
      }
      let candidates: [File]
      if isDirectory.boolValue {
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        let entries = (manager.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        let root = displayRoot(base, workingDirectory: workingDirectory)
        candidates = entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
          File(path: base + "/" + $0, display: root.isEmpty ? $0 : root + "/" + $0)
        }
      } else {
        candidates = [File(path: path, display: displayRoot(path, workingDirectory: workingDirectory))]
      }
      for file in candidates {
        let key = URL(fileURLWithPath: file.path).resolvingSymlinksInPath().standardizedFileURL.path
        guard seen.insert(key).inserted else { continue }
        // As root, a runbook someone else could have written would run their commands as root.
        if runningAsRoot, let problem = FileTrust.problem(key) {
          diagnostics.append(
            Diagnostic(
              .error, "refusing to load a runbook as root: \(problem)",
              at: SourceLocation(file: file.display, line: 1, column: 1)))
          continue
        }
        files.append(file)
      }
    }
    return files
  }

  /// How a path given on the command line (or found for the bundled runbooks) is shown.
  static func displayRoot(_ path: String, workingDirectory: String) -> String {
    guard path.hasPrefix("/") else {
      var trimmed = Substring(path)
      while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
      while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
      return String(trimmed)
    }
    let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
    let prefix = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
    if standardized.hasPrefix(prefix) { return String(standardized.dropFirst(prefix.count)) }
    return URL(fileURLWithPath: standardized).lastPathComponent
  }
}
