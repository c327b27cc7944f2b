#if canImport(Glibc)
  import Glibc
#endif

/// What `lstat`, `stat`, `readlink` and a capped read say about one path.
struct FileInspector {
  /// The metadata of a path (of the link itself for a symbolic link) and of what it points to.
  struct Metadata {
    /// `file`, `directory`, `symlink`, `fifo`, `socket`, `char`, `block` or `other`.
    var type: String
    /// Size of the file (of the target for a link), in bytes.
    var size: Int64
    /// Seconds since the path itself changed (for a link: since it was created or switched).
    var ageSeconds: Double
    /// Seconds since the file (the link's target) was modified; -1 for a dangling link.
    var targetAgeSeconds: Double
    /// The link's target as stored in the link; nil if not a link.
    var linkTarget: String?
    /// The target exists (always true when not a link).
    var targetExists: Bool
    /// The target is a regular file (whose content can be read).
    var isRegular: Bool
  }

  /// Why a path could not be examined.
  enum Failure: Error {
    case missing
    case denied(String)
    case other(String)

    /// The failure as a reason.
    func message(path: String) -> String {
      switch self {
      case .missing: "\(path) does not exist"
      case .denied(let message), .other(let message): message
      }
    }
  }

  /// The path's metadata (`lstat`, then `stat` for links).
  static func metadata(_ path: String) throws(Failure) -> Metadata {
    var own = stat()
    guard lstat(path, &own) == 0 else { throw classify(errno, path) }
    let now = wallClock()
    var metadata = Metadata(
      type: typeName(own.st_mode), size: Int64(own.st_size), ageSeconds: now - seconds(own.st_mtim),
      targetAgeSeconds: now - seconds(own.st_mtim), linkTarget: nil, targetExists: true,
      isRegular: own.st_mode & S_IFMT == S_IFREG)
    if own.st_mode & S_IFMT == S_IFLNK {
      metadata.linkTarget = readLink(path)
      var target = stat()
      if stat(path, &target) == 0 {
        metadata.size = Int64(target.st_size)
        metadata.targetAgeSeconds = now - seconds(target.st_mtim)
        metadata.isRegular = target.st_mode & S_IFMT == S_IFREG
      } else {
        metadata.targetExists = false
        metadata.targetAgeSeconds = -1
        metadata.size = 0
      }
    }
    return metadata
  }

  /// Up to `limit` bytes of a regular file, and whether there was more.
  static func read(_ path: String, limit: Int) throws(Failure) -> (bytes: [UInt8], truncated: Bool) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else { throw classify(errno, path) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= limit {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw classify(errno, path)
      }
      if count == 0 { return (bytes, false) }
      bytes += chunk.prefix(count)
    }
    return (Array(bytes.prefix(limit)), true)
  }

  /// Whether the process may open the file for reading (tried, not guessed from mode bits).
  static func isReadable(_ path: String) -> Bool {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else { return false }
    close(descriptor)
    return true
  }

  static func classify(_ code: Int32, _ path: String) -> Failure {
    switch code {
    case ENOENT, ENOTDIR: .missing
    case EACCES, EPERM: .denied("permission denied: \(path)")
    default: .other("\(path): \(String(cString: strerror(code)))")
    }
  }

  private static func readLink(_ path: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4097)
    let count = readlink(path, &buffer, 4096)
    guard count >= 0 else { return "" }
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  private static func typeName(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: "file"
    case S_IFDIR: "directory"
    case S_IFLNK: "symlink"
    case S_IFIFO: "fifo"
    case S_IFSOCK: "socket"
    case S_IFCHR: "char"
    case S_IFBLK: "block"
    default: "other"
    }
  }

  private static func seconds(_ time: timespec) -> Double {
    Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// The wall clock, in seconds since the epoch.
  static func wallClock() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return seconds(now)
  }
}
