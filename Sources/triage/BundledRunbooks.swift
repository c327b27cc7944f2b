import Foundation
import TriageRunbook

/// Finds the runbooks that ship with triage, from places fixed when it was built or installed.
///
/// `TRIAGE_BUNDLED_RUNBOOKS` (development), else `share/triage/runbooks` beside the installed
/// binary (`/usr/local/bin/triage` → `/usr/local/share/triage/runbooks`), else the `runbooks/` of
/// the source checkout the binary was compiled from (its path is fixed at build time). Never a
/// walk up the directory tree: a binary copied to `/tmp/x/` does not trust `/tmp/runbooks`. The
/// installed and built-in places are used only when ``FileTrust`` trusts them.
enum BundledRunbooks {
  /// The `runbooks/` of the checkout this file was compiled in.
  static let builtFrom = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("runbooks").path

  static func directory() -> String? {
    let manager = FileManager.default
    if let override = ProcessInfo.processInfo.environment["TRIAGE_BUNDLED_RUNBOOKS"] {
      return manager.fileExists(atPath: override) ? override : nil
    }
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("share/triage/runbooks").path
    for candidate in [installed, builtFrom]
    where manager.fileExists(atPath: candidate) && FileTrust.problem(candidate) == nil {
      return candidate
    }
    return nil
  }
}
