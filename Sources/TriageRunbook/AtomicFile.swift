import Foundation

/// A file written in pieces and put in place atomically: the pieces go to a new temporary file
/// beside it (`mkstemp`: a unique name, created exclusively, never following a planted link),
/// renamed over the path once all are written, so a reader never sees half a file.
public final class AtomicFile {
  private let path: String
  private let temporaryPath: String
  private let descriptor: Int32
  private var failure: Int32?
  private var finished = false

  /// Creates the temporary file beside `path` with `permissions`; throws when the directory is
  /// not writable.
  public init(path: String, permissions: mode_t = 0o644) throws(AtomicFileError) {
    self.path = path
    var template = Array((path + ".XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { throw AtomicFileError(path: path, code: errno) }
    self.descriptor = descriptor
    temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    _ = fchmod(descriptor, permissions)
  }

  /// Appends bytes (after a failure, nothing more is written).
  public func append(_ bytes: [UInt8]) {
    guard failure == nil else { return }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else {
        failure = written < 0 ? errno : EIO
        return
      }
      offset += written
    }
  }

  /// Closes the file and renames it into place, or removes it and throws if anything failed.
  public func commit() throws(AtomicFileError) {
    finished = true
    if close(descriptor) != 0, failure == nil { failure = errno }
    if failure == nil, rename(temporaryPath, path) != 0 { failure = errno }
    if let failure {
      unlink(temporaryPath)
      throw AtomicFileError(path: path, code: failure)
    }
  }

  deinit {
    // Abandoned without a commit: nothing is left behind.
    if !finished {
      close(descriptor)
      unlink(temporaryPath)
    }
  }
}

/// A file that could not be written.
public struct AtomicFileError: Error, Sendable, CustomStringConvertible {
  /// The file.
  public let path: String
  /// The `errno`.
  public let code: Int32

  public var description: String { "cannot write \(path): \(String(cString: strerror(code)))" }
}
