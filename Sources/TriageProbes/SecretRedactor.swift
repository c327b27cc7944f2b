import Foundation
import TriageCEL
import TriageCore

/// Replaces secret values (and the passwords inside secret URLs/DSNs) in text that may reach a
/// report, a saved facts file or a log.
public struct SecretRedactor: Sendable {
  private var secrets: [String]

  /// Collects the known values of the catalog's secret facts, and the environment values they name.
  public init(catalog: Catalog, facts: FactStore, extra: [String] = []) {
    var values = extra
    for fact in catalog.facts where fact.secret {
      guard case .string(let text) = facts[fact.id].value else { continue }
      values.append(text)
      values += Self.passwords(in: text)
    }
    secrets = values.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
  }

  /// The text with every secret replaced by `[redacted]`, and every credential inside a URL (or
  /// a `password=` of a connection string) removed (``CredentialRedaction``).
  public func redact(_ text: String) -> String {
    var output = CredentialRedaction.redact(text)
    for secret in secrets where output.contains(secret) {
      output = output.replacingAll(secret, with: "[redacted]")
    }
    return output
  }

  /// `password` parts of `scheme://user:password@host` and `password=…` key-value DSNs.
  static func passwords(in text: String) -> [String] {
    var found: [String] = []
    if let scheme = text.range(of: "://") {
      let rest = text[scheme.upperBound...]
      if let at = rest.lastIndex(of: "@") {
        let userInfo = rest[..<at]
        if let colon = userInfo.firstIndex(of: ":") {
          found.append(String(userInfo[userInfo.index(after: colon)...]))
        }
      }
    }
    for part in text.split(separator: " ") where part.hasPrefix("password=") {
      found.append(String(part.dropFirst("password=".count)).trimmingQuotes())
    }
    return found
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var output = ""
    var rest = Substring(self)
    while let range = rest.range(of: target) {
      output += rest[..<range.lowerBound]
      output += replacement
      rest = rest[range.upperBound...]
    }
    return output + rest
  }

  fileprivate func trimmingQuotes() -> String {
    String(drop { $0 == "'" }.reversed().drop { $0 == "'" }.reversed())
  }
}
