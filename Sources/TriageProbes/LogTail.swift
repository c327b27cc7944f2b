#if canImport(Glibc)
  import Glibc
#endif

/// The last lines of a file, read backwards from its end in blocks (a multi-gigabyte log costs a
/// few reads), each line cut at ``LineLimits/maximumLineLength``.
enum LogTail {
  /// Bytes read from the end at most; lines before them are not seen.
  static let maximumBytes = 16 << 20

  /// The last `count` lines of the file at `path`.
  static func lastLines(_ path: String, count: Int) throws(FileInspector.Failure) -> [String] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else { throw FileInspector.classify(errno, path) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw FileInspector.classify(errno, path) }
    guard info.st_mode & S_IFMT == S_IFREG else { throw .other("\(path) is not a regular file") }
    var position = Int(info.st_size)
    var data: [UInt8] = []
    var newlines = 0
    let block = 65536
    while position > 0, newlines <= count, data.count < maximumBytes {
      let size = min(block, position)
      position -= size
      var chunk = [UInt8](repeating: 0, count: size)
      let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, size, off_t(position)) }
      guard read >= 0 else { throw FileInspector.classify(errno, path) }
      chunk.removeLast(size - read)
      newlines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
      data = chunk + data
    }
    var lines = data.split(separator: 10, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    if position > 0, !lines.isEmpty { lines.removeFirst() }
    return lines.suffix(count).map { line in
      String(decoding: line.prefix(LineLimits.maximumLineLength * 4), as: UTF8.self)
        .prefix(LineLimits.maximumLineLength).description
    }
  }
}
