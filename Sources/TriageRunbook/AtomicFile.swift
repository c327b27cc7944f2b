import Foundation

/// A file written in pieces and put in place atomically: the pieces go to a new temporary file
/// beside it (`mkstemp`: a unique name, created exclusively, never following a planted link),
/// renamed over the path once all are written, so a reader never sees half a file.
public final class AtomicFile {
  private let path: String
  private let temporaryPath: String
  private var descriptor: Int32
  private var failure: Int32?
  private var committed = false

  /// Creates the temporary file beside `path` with `permissions` (and, when given, `owner`);
  /// throws when the directory is not writable.
  public init(
    path: String, permissions: mode_t = 0o644, owner: (uid: uid_t, gid: gid_t)? = nil
  ) throws(AtomicFileError) {
    self.path = path
    var template = Array((path + ".XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { throw AtomicFileError(path: path, code: errno) }
    self.descriptor = descriptor
    temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    _ = fchmod(descriptor, permissions)
    if let owner { _ = fchown(descriptor, owner.uid, owner.gid) }
  }

  /// Appends bytes (after a failure, nothing more is written).
  public func append(_ bytes: [UInt8]) {
    guard failure == nil, descriptor >= 0 else { return }
    failure = FileDescriptorWriter.write(bytes, to: descriptor)
  }

  /// Ends the writing: closes the temporary file and throws the first write or close error. The
  /// file is put in place only by ``commit()``, so several files can all be written before any
  /// replaces its path.
  public func finish() throws(AtomicFileError) {
    if descriptor >= 0 {
      if close(descriptor) != 0, failure == nil { failure = errno }
      descriptor = -1
    }
    if let failure { throw AtomicFileError(path: path, code: failure) }
  }

  /// Finishes the writing if need be and renames the file into place; throws (and leaves the
  /// path as it was) if anything failed.
  public func commit() throws(AtomicFileError) {
    try finish()
    guard rename(temporaryPath, path) == 0 else { throw AtomicFileError(path: path, code: errno) }
    committed = true
  }

  deinit {
    // Abandoned or failed: nothing is left behind.
    if descriptor >= 0 { close(descriptor) }
    if !committed { unlink(temporaryPath) }
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
