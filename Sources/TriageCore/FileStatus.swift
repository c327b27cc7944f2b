#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// What `stat(2)` or `lstat(2)` says of a path: its type and permission bits and its owner.
///
/// A Swift value, so that modules that link SwiftNIO (where more than one C module declares
/// `struct stat`) need not name the C type.
public struct FileStatus: Sendable {
  /// `st_mode`: the type (`S_IFMT` bits) and the permission bits.
  public var mode: UInt32
  public var owner: UInt32
  public var group: UInt32

  /// The status of `path`, following a final symbolic link; nil with `errno` set when it fails.
  public static func of(_ path: String) -> FileStatus? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileStatus(info)
  }

  /// The status of `path` itself, a symbolic link included; nil with `errno` set when it fails.
  public static func ofLink(_ path: String) -> FileStatus? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return FileStatus(info)
  }

  private init(_ info: stat) {
    mode = UInt32(info.st_mode)
    owner = UInt32(info.st_uid)
    group = UInt32(info.st_gid)
  }

  /// The type bits (`mode & S_IFMT`).
  public var type: UInt32 { mode & UInt32(S_IFMT) }
}
