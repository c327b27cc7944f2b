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
}
