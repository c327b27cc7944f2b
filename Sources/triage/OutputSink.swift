import TriageRunbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// One output being written to its ``OutputTarget``: a replaced file is an ``AtomicFile`` that
/// ``commit()`` puts in place; a device, a FIFO or standard output is written directly. Nothing
/// is left behind by a sink that is not committed.
final class OutputSink {
  private enum Destination {
    case file(AtomicFile)
    case descriptor(Int32)
  }

  private let target: OutputTarget
  private let destination: Destination
  private var failure: Int32?
  private var isOpen = true

  init(_ target: OutputTarget) throws(OutputError) {
    self.target = target
    switch target {
    case .standardOutput:
      destination = .descriptor(1)
      FileDescriptorWriter.widenPipe(1)
    case .inPlace(let path):
      // Non-blocking only to open: a FIFO without a reader fails at once (ENXIO) instead of hanging.
      let descriptor = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
      guard descriptor >= 0 else {
        let code = errno
        throw OutputError(
          path: path, reason: code == ENXIO ? "a FIFO that nobody reads" : String(cString: strerror(code)))
      }
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
      destination = .descriptor(descriptor)
      FileDescriptorWriter.widenPipe(descriptor)
    case .replace(let path, let mode, let owner):
      do {
        destination = .file(try AtomicFile(path: path, permissions: mode, owner: owner))
      } catch {
        throw OutputError(path: path, code: error.code)
      }
    }
  }

  /// Appends bytes; after a failure nothing more is written and ``finish()`` throws.
  func append(_ bytes: [UInt8]) {
    switch destination {
    case .file(let file): file.append(bytes)
    case .descriptor(let descriptor):
      guard failure == nil else { return }
      failure = FileDescriptorWriter.write(bytes, to: descriptor)
    }
  }

  /// Ends the writing; throws the first write error. Output to a device or stdout is complete
  /// after this; a replaced file still waits for ``commit()``.
  func finish() throws(OutputError) {
    switch destination {
    case .file(let file):
      do { try file.finish() } catch { throw OutputError(path: target.key, code: error.code) }
    case .descriptor(let descriptor):
      if isOpen, descriptor > 2, close(descriptor) != 0, failure == nil { failure = errno }
      isOpen = false
      if let failure { throw OutputError(path: target.key, code: failure) }
    }
  }

  /// Puts a replaced file in place.
  func commit() throws(OutputError) {
    guard case .file(let file) = destination else { return }
    do { try file.commit() } catch { throw OutputError(path: target.key, code: error.code) }
  }

  deinit {
    if isOpen, case .descriptor(let descriptor) = destination, descriptor > 2 { close(descriptor) }
  }
}
