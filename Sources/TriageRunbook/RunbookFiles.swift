import Foundation
import TriageCore

/// Finds runbook files under paths, in a stable order, each once.
enum RunbookFiles {
  static func find(in paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
    var files: [String] = []
    var seen = Set<String>()
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        diagnostics.append(Diagnostic(.error, "no such file or directory: \(path)", at: nil))
        continue
      }
      let candidates: [String]
      if isDirectory.boolValue {
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        let entries = (manager.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        candidates = entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { base + "/" + $0 }
      } else {
        candidates = [path]
      }
      for file in candidates {
        let key = URL(fileURLWithPath: file).resolvingSymlinksInPath().standardizedFileURL.path
        if seen.insert(key).inserted { files.append(file) }
      }
    }
    return files
  }
}
