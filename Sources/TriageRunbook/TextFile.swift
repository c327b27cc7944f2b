import Foundation

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

  /// The file's bytes, or why they could not be read.
  static func readData(_ path: String, maximumSize: Int) -> Result<Data, ReadError> {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
      return .failure(.unreadable(reason))
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: maximumSize + 1) ?? Data()
    } catch {
      return .failure(.unreadable("\(error.localizedDescription)"))
    }
    if data.count > maximumSize {
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      let size = (attributes?[.size] as? Int) ?? data.count
      return .failure(.tooLarge(size: size, limit: maximumSize))
    }
    return .success(data)
  }
}
