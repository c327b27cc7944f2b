import Foundation
import TriageCore

/// The password a libpq probe (`postgres`, `pgbouncer`) connects with, and keeping it out of
/// messages.
enum LibPQPassword {
  /// Why the password could not be read.
  struct Failure: Error {
    var message: String
  }

  /// The password from `password_env` (an environment variable), else from `password_file`; nil
  /// when neither is set, so libpq's own sources (the DSN, `PGPASSWORD`, `~/.pgpass`) apply.
  static func read(for request: ProbeRequest) -> Result<String?, Failure> {
    if let name = request.nonEmptyString("password_env"), let value = request.environment[name], !value.isEmpty {
      return .success(value)
    }
    guard let path = request.nonEmptyString("password_file") else { return .success(nil) }
    do {
      let (bytes, _) = try FileInspector.read(path, limit: 4096)
      return .success(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines))
    } catch {
      return .failure(Failure(message: "cannot read password_file: \(error.message(path: path))"))
    }
  }

  /// `text` with every secret replaced by `[redacted]`.
  static func scrub(_ text: String, _ secrets: [String]) -> String {
    secrets.reduce(text) { $0.replacingAll($1, with: "[redacted]") }
  }
}
