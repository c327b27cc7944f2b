#if canImport(Glibc)
  import Glibc
#endif

/// Whether systemd and its journal are there to ask, checked the way `sd_booted(3)` does.
enum SystemdHost {
  /// The reason given when systemd is not the init system here.
  static let notRunning = "systemd is not running on this host (no /run/systemd/system)"
  /// The reason given when there is no journal to read.
  static let noJournal =
    "the systemd journal is not available on this host (systemd is not running and no journal files were found)"

  /// systemd is the running init system.
  static func isRunning(root: String = "") -> Bool {
    isDirectory(root + "/run/systemd/system")
  }

  /// A journal can be read: systemd runs, or journal files are kept (`*.journal` under
  /// `/run/log/journal` or `/var/log/journal`, directly or in a machine-id directory). An empty
  /// `/var/log/journal`, as the systemd package leaves it in a container, does not count:
  /// `journalctl` would print no lines, which must not read as "no errors".
  static func hasJournal(root: String = "") -> Bool {
    isRunning(root: root) || hasJournalFiles(root + "/run/log/journal") || hasJournalFiles(root + "/var/log/journal")
  }

  private static func hasJournalFiles(_ directory: String, depth: Int = 0) -> Bool {
    guard let handle = opendir(directory) else { return false }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name == "." || name == ".." { continue }
      if name.hasSuffix(".journal") || name.hasSuffix(".journal~") { return true }
      if depth == 0, hasJournalFiles(directory + "/" + name, depth: 1) { return true }
    }
    return false
  }

  private static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }
}
