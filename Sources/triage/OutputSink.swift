#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// One output being written to its ``OutputTarget``: a replaced file goes to a new file beside it
/// (`mkstemp`) that ``commit()`` renames into place; a device, a FIFO or standard output is
/// written directly. Nothing is left behind by a sink that is not committed.
final class OutputSink {
  private let target: OutputTarget
  private var descriptor: Int32
  private var temporaryPath: String?
  private var failure: Int32?
  private var committed = false

  init(_ target: OutputTarget) throws(OutputError) {
    self.target = target
    switch target {
    case .standardOutput:
      descriptor = 1
    case .inPlace(let path):
      // Non-blocking only to open: a FIFO without a reader fails at once (ENXIO) instead of hanging.
      descriptor = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
      guard descriptor >= 0 else {
        let code = errno
        throw OutputError(
          path: path, reason: code == ENXIO ? "a FIFO that nobody reads" : String(cString: strerror(code)))
      }
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    case .replace(let path, let mode, let owner):
      var template = Array((path + ".XXXXXX").utf8CString)
      descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
      guard descriptor >= 0 else { throw OutputError(path: path, code: errno) }
      temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
      _ = fchmod(descriptor, mode)
      if let owner { _ = fchown(descriptor, owner.uid, owner.gid) }
    }
  }

  /// Appends bytes; after a failure nothing more is written and ``finish()`` throws.
  func append(_ bytes: [UInt8]) {
    guard failure == nil else { return }
    if descriptor == 1 { fflush(nil) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else {
        failure = written < 0 ? errno : EIO
        return
      }
      offset += written
    }
  }

  /// Ends the writing; throws the first write error. Output to a device or stdout is complete
  /// after this; a replaced file still waits for ``commit()``.
  func finish() throws(OutputError) {
    if temporaryPath != nil || descriptor > 2 {
      if close(descriptor) != 0, failure == nil { failure = errno }
      descriptor = -1
    }
    if let failure { throw OutputError(path: target.key, code: failure) }
  }

  /// Renames a replaced file into place.
  func commit() throws(OutputError) {
    guard case .replace(let path, _, _) = target, let temporaryPath else { return }
    guard rename(temporaryPath, path) == 0 else { throw OutputError(path: path, code: errno) }
    committed = true
  }

  deinit {
    if descriptor > 2 { close(descriptor) }
    if !committed, let temporaryPath { unlink(temporaryPath) }
  }
}
