import Foundation

/// A report file written in pieces and put in place atomically: the pieces go to a temporary
/// file beside it, renamed over the path once all are written, so a reader never sees half a report.
final class ReportFile {
  private let path: String
  private let temporaryPath: String
  private let descriptor: Int32
  private var failure: Int32?

  /// Opens the temporary file; throws when the directory is not writable.
  init(path: String) throws {
    self.path = path
    temporaryPath = path + ".tmp-\(getpid())"
    descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw ReportFileError(path: path, code: errno) }
  }

  /// Appends bytes (after a failure, nothing more is written).
  func append(_ bytes: [UInt8]) {
    guard failure == nil else { return }
    failure = FileDescriptorWriter.write(bytes, to: descriptor)
  }

  /// Closes the file and renames it into place, or removes it and throws if anything failed.
  func commit() throws {
    if close(descriptor) != 0, failure == nil { failure = errno }
    if failure == nil, rename(temporaryPath, path) != 0 { failure = errno }
    if let failure {
      unlink(temporaryPath)
      throw ReportFileError(path: path, code: failure)
    }
  }
}

/// A report file that could not be written.
struct ReportFileError: Error, CustomStringConvertible {
  let path: String
  let code: Int32

  var description: String { "cannot write \(path): \(String(cString: strerror(code)))" }
}
