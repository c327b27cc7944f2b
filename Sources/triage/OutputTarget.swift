import TriageCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Where one output (a report, saved facts, a transcript) goes, decided before any probe runs.
///
/// The policy, as `install` and `rsync` keep files and `curl -o` writes to devices:
/// - a regular file, or a name that does not exist yet, is **replaced atomically**: written to a
///   new file beside it and renamed over it, so a reader never sees half a report. An existing
///   file keeps its mode (and, as root, its owner); a new one gets `0666` less the umask.
/// - a character device (`/dev/null`, `/dev/stdout`, a terminal) or a FIFO is **written in
///   place**, never replaced (a FIFO with no reader is an error, not a hang).
/// - a symbolic link the user named is followed to what it points at, which gets the same
///   treatment; the link itself stays.
/// - a directory, a block device or a socket is refused.
enum OutputTarget {
  /// Standard output.
  case standardOutput
  /// A regular file (or a new one), replaced atomically; the mode and owner to give it.
  case replace(path: String, mode: mode_t, owner: (uid: uid_t, gid: gid_t)?)
  /// A character device or FIFO, written as it is.
  case inPlace(path: String)

  /// What the target writes to, to find two outputs aimed at one place.
  var key: String {
    switch self {
    case .standardOutput: "-"
    case .replace(let path, _, _), .inPlace(let path): path
    }
  }

  /// Decides where `path` goes; throws with a clear message when it cannot be written.
  static func resolve(_ path: String) throws(OutputError) -> OutputTarget {
    guard !path.isEmpty else { throw OutputError(path: path, reason: "an empty path") }
    var resolved = path
    if let link = FileStatus.ofLink(path), link.type == UInt32(S_IFLNK) {
      guard let target = realpath(path, nil) else {
        throw OutputError(path: path, reason: "a symbolic link to nothing (\(String(cString: strerror(errno))))")
      }
      resolved = String(cString: target)
      free(target)
    }
    guard let info = FileStatus.of(resolved) else {
      guard errno == ENOENT else { throw OutputError(path: path, code: errno) }
      let directory = parent(of: resolved)
      guard access(directory, W_OK | X_OK) == 0 else {
        throw OutputError(
          path: path, reason: "cannot create a file in \(directory): \(String(cString: strerror(errno)))")
      }
      let mask = umask(0)
      umask(mask)
      return .replace(path: resolved, mode: 0o666 & ~mask, owner: nil)
    }
    switch mode_t(info.type) {
    case S_IFREG:
      guard access(resolved, W_OK) == 0 else { throw OutputError(path: path, code: errno) }
      guard access(parent(of: resolved), W_OK | X_OK) == 0 else {
        throw OutputError(
          path: path, reason: "its directory is not writable, so it cannot be replaced atomically")
      }
      let owner = geteuid() == 0 ? (uid_t(info.owner), gid_t(info.group)) : nil
      return .replace(path: resolved, mode: mode_t(info.mode) & 0o7777, owner: owner)
    case S_IFCHR, S_IFIFO:
      guard access(resolved, W_OK) == 0 else { throw OutputError(path: path, code: errno) }
      return .inPlace(path: resolved)
    case S_IFDIR: throw OutputError(path: path, reason: "a directory")
    case S_IFBLK: throw OutputError(path: path, reason: "a block device: refusing to write a report onto it")
    default: throw OutputError(path: path, reason: "neither a regular file, a character device nor a FIFO")
    }
  }

  private static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}

/// An output that cannot be written: exit 74 (EX_IOERR).
struct OutputError: Error, CustomStringConvertible {
  var path: String
  var reason: String

  init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  init(path: String, code: Int32) {
    self.init(path: path, reason: String(cString: strerror(code)))
  }

  var description: String { "cannot write \(path): \(reason)" }
}
