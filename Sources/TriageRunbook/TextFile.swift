import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a UTF-8 text file with a size cap.
public enum TextFile {
  /// Why a file could not be read.
  public enum ReadError: Error, Sendable, CustomStringConvertible {
    case unreadable(String)
    case tooLarge(size: Int, limit: Int)
    case notUTF8

    public var description: String {
      switch self {
      case .unreadable(let reason): "cannot read file: \(reason)"
      case .tooLarge(let size, let limit): "file is too large (\(size) bytes; the limit is \(limit))"
      case .notUTF8: "file is not valid UTF-8"
      }
    }
  }

  /// The file's text, or why it could not be read.
  public static func read(_ path: String, maximumSize: Int) -> Result<String, ReadError> {
    readData(path, maximumSize: maximumSize).flatMap(text(of:))
  }

  /// The text of a file's bytes, or `notUTF8`.
  static func text(of data: Data) -> Result<String, ReadError> {
    guard let text = String(data: data, encoding: .utf8) else { return .failure(.notUTF8) }
    return .success(text)
  }

  /// The file's bytes, or why they could not be read: read into a buffer of the file's size
  /// (a few system calls, not one per 4 KiB), at most `maximumSize` bytes.
  static func readData(_ path: String, maximumSize: Int) -> Result<Data, ReadError> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      switch errno {
      case ENOENT, ENOTDIR: return .failure(.unreadable("no such file"))
      case EACCES, EPERM: return .failure(.unreadable("permission denied"))
      case let code: return .failure(.unreadable(String(cString: strerror(code))))
      }
    }
    defer { close(descriptor) }
    var status = stat()
    let isRegular = fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    // One byte more than expected (or allowed) tells a file that grew, or is too large, at once.
    let expected = isRegular ? max(Int(status.st_size), 0) : 1 << 16
    var data = Data(count: min(expected, maximumSize) + 1)
    var count = 0
    while true {
      if count == data.count {
        guard count <= maximumSize else { break }
        data.count = min(count * 2, maximumSize + 1)
      }
      let got = data.withUnsafeMutableBytes { buffer in
        Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
      }
      if got < 0 {
        if errno == EINTR { continue }
        return .failure(.unreadable(String(cString: strerror(errno))))
      }
      if got == 0 { break }
      count += got
    }
    data.count = count
    if count > maximumSize {
      // The size fstat gave (a FIFO has none: then at least what was read).
      return .failure(.tooLarge(size: isRegular ? max(Int(status.st_size), count) : count, limit: maximumSize))
    }
    return .success(data)
  }
}
