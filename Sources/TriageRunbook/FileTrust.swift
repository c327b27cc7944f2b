#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether a file that triage acts on (a runbook: its probes run commands) could have been
/// written by someone other than the user running triage or root.
///
/// A path is trusted when it and every directory above it are owned by root or by the effective
/// user and are not writable by group or others — except directories with the sticky bit (such as
/// `/tmp`), where others cannot replace what they do not own. This is the check `sshd`'s
/// `StrictModes` and `sudo` make on the files they trust.
public enum FileTrust {
  /// Why `path` is not trusted, or nil when it is (or cannot be examined: a missing file is
  /// reported where it is read).
  public static func problem(_ path: String) -> String? {
    let user = geteuid()
    var current = absolute(path)
    var isTarget = true
    while true {
      var info = stat()
      guard lstat(current, &info) == 0 else { return nil }
      let mode = info.st_mode
      let isDirectory = (mode & S_IFMT) == S_IFDIR
      let sticky = isDirectory && (mode & S_ISVTX) != 0
      if info.st_uid != 0 && info.st_uid != user {
        return "\(current) is owned by uid \(info.st_uid), not by root or the user running triage"
      }
      if (mode & (S_IWGRP | S_IWOTH)) != 0 && !(sticky && !isTarget) {
        return "\(current) is writable by \((mode & S_IWOTH) != 0 ? "every user" : "its group")"
          + " (mode \(String(mode & 0o7777, radix: 8)))"
      }
      isTarget = false
      guard current != "/" else { return nil }
      current = parent(of: current)
    }
  }

  private static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return directory == "/" ? "/" + path : directory + "/" + path
  }

  private static func parent(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "/" }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
  }
}
