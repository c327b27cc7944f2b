import Foundation

/// Finds the runbooks that ship with triage, whatever the working directory.
///
/// Looks at `TRIAGE_BUNDLED_RUNBOOKS`, then `share/triage/runbooks` beside the installed binary,
/// then the source checkout the binary was built in (`.build/…/triage` → `runbooks/`).
enum BundledRunbooks {
  static func directory() -> String? {
    let manager = FileManager.default
    if let override = ProcessInfo.processInfo.environment["TRIAGE_BUNDLED_RUNBOOKS"] {
      return manager.fileExists(atPath: override) ? override : nil
    }
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    let installed = directory.deletingLastPathComponent().appendingPathComponent("share/triage/runbooks")
    if manager.fileExists(atPath: installed.path) { return installed.path }
    for _ in 0..<6 {
      let candidate = directory.appendingPathComponent("runbooks")
      if manager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
        manager.fileExists(atPath: candidate.path)
      {
        return candidate.path
      }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }
}
