#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes bytes to a file descriptor, whole.
public enum FileDescriptorWriter {
  /// Writes all of `bytes`, retrying short writes and interruptions; to standard output or
  /// standard error, after anything `print` buffered.
  ///
  /// - Returns: nil, or the `errno` of the error that stopped it (a closed pipe, a full disk).
  @discardableResult
  public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
    if descriptor <= 2 { fflush(nil) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else { return written < 0 ? errno : EIO }
      offset += written
    }
    return nil
  }

  /// Asks for a one-megabyte buffer when `descriptor` is a pipe: a report of megabytes then
  /// reaches its reader in a few writes instead of one per 64 KiB and a wait for the reader each
  /// time. The kernel's limits apply; when it refuses, or the pipe is already larger, it keeps its size.
  public static func widenPipe(_ descriptor: Int32) {
    #if os(Linux)
      var status = stat()
      guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFIFO else { return }
      // F_GETPIPE_SZ and F_SETPIPE_SZ, which the Glibc module does not export; a pipe already
      // larger is left as it is.
      let getPipeSize: Int32 = 1032
      let setPipeSize: Int32 = 1031
      let size = fcntl(descriptor, getPipeSize)
      guard size >= 0, size < 1 << 20 else { return }
      _ = fcntl(descriptor, setPipeSize, Int32(1 << 20))
    #endif
  }
}
