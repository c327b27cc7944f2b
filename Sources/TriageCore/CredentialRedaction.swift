/// Removes credentials from URL-shaped text by their shape, whatever flag an input carries: the
/// user-info of every `scheme://user:password@host` and the values of query parameters whose
/// names look like credentials (`token`, `api_key`, `secret`, `password`, `sig` …), and
/// `password=…` in key-value connection strings.
///
/// Every report, saved facts file, transcript, log line and evidence string passes through it.
///
/// ```swift
/// CredentialRedaction.redact("redis://:s3cret@cache:6379")   // "redis://redacted@cache:6379"
/// CredentialRedaction.redact("https://api/x?api_key=K&v=2")  // "https://api/x?api_key=redacted&v=2"
/// ```
public enum CredentialRedaction {
  /// What a removed credential is replaced by.
  public static let placeholder = "redacted"

  /// Parts of a query parameter's name that mark its value as a credential (lower case).
  static let credentialNames = [
    "token", "key", "secret", "pass", "pwd", "sig", "auth", "credential", "session", "jwt", "cookie",
  ]

  /// The text with credentials removed; the text itself when it holds none (the common case is
  /// one scan of its bytes).
  public static func redact(_ text: String) -> String {
    let candidate =
      text.utf8.withContiguousStorageIfAvailable { mayHoldCredentials($0) } ?? mayHoldCredentials(Array(text.utf8))
    guard candidate else { return text }
    let bytes = Array(text.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if let end = urlEnd(bytes, schemeSeparatorAt: index) {
        output += redactedURLTail(bytes[index..<end])
        index = end
      } else if let (keyEnd, valueEnd) = passwordAssignment(bytes, at: index) {
        output += bytes[index..<keyEnd]
        output += placeholder.utf8
        index = valueEnd
      } else {
        output.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Whether the bytes contain `://` or `password=`: nothing else is ever redacted.
  private static func mayHoldCredentials<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool
  where Bytes.Index == Int {
    var index = 0
    // To the last byte: a `password=` may end the text with a one-character value.
    while index < bytes.count {
      if index + 2 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
        bytes[index + 2] == UInt8(ascii: "/")
      {
        return true
      }
      if bytes[index] == UInt8(ascii: "="), index >= 8, matchesPassword(bytes, endingAt: index) { return true }
      index += 1
    }
    return false
  }

  private static func matchesPassword<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, endingAt equals: Int)
    -> Bool
  where Bytes.Index == Int {
    let word = Array("password".utf8)
    guard equals >= word.count else { return false }
    for (offset, byte) in word.enumerated() where lowercased(bytes[equals - word.count + offset]) != byte {
      return false
    }
    return true
  }

  /// At a `://`, where the URL that follows it ends.
  private static func urlEnd(_ bytes: [UInt8], schemeSeparatorAt index: Int) -> Int? {
    guard index + 2 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
      bytes[index + 2] == UInt8(ascii: "/")
    else { return nil }
    var end = index + 3
    while end < bytes.count, !endsURL(bytes[end]) { end += 1 }
    return end
  }

  /// `password=VALUE` (a key-value DSN): where the key ends and the value ends.
  private static func passwordAssignment(_ bytes: [UInt8], at index: Int) -> (Int, Int)? {
    let key = index + 8
    guard key < bytes.count, bytes[key] == UInt8(ascii: "="), matchesPassword(bytes, endingAt: key) else {
      return nil
    }
    var end = key + 1
    let quoted = end < bytes.count && (bytes[end] == UInt8(ascii: "'"))
    if quoted {
      end += 1
      while end < bytes.count, bytes[end] != UInt8(ascii: "'") { end += 1 }
      end = min(end + 1, bytes.count)
    } else {
      while end < bytes.count, !endsURL(bytes[end]), bytes[end] != UInt8(ascii: "&") { end += 1 }
    }
    return (key + 1, end)
  }

  /// `://authority/path?query#fragment` with user-info and credential values replaced.
  private static func redactedURLTail(_ url: ArraySlice<UInt8>) -> [UInt8] {
    var output: [UInt8] = Array(url.prefix(3))
    var rest = url.dropFirst(3)
    let authorityEnd =
      rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
      ?? rest.endIndex
    let authority = rest[rest.startIndex..<authorityEnd]
    if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
      output += placeholder.utf8
      output += rest[at..<authorityEnd]
    } else {
      output += authority
    }
    rest = rest[authorityEnd...]
    // Path, then query parameters (and a fragment, which may carry tokens too: #access_token=…).
    var inParameters = false
    var name: [UInt8] = []
    var redacting = false
    for byte in rest {
      switch byte {
      case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: ";"):
        inParameters = true
        name = []
        redacting = false
        output.append(byte)
      case UInt8(ascii: "=") where inParameters && !redacting:
        output.append(byte)
        if isCredentialName(name) {
          output += placeholder.utf8
          redacting = true
        }
        name = []
      default:
        if redacting { continue }
        if inParameters { name.append(lowercased(byte)) }
        output.append(byte)
      }
    }
    return output
  }

  private static func isCredentialName(_ name: [UInt8]) -> Bool {
    let text = String(decoding: name, as: UTF8.self)
    return credentialNames.contains { text.contains($0) }
  }

  /// Characters that end a URL in running text, JSON, XML or Markdown.
  private static func endsURL(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""),
      UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`"), UInt8(ascii: "|"),
      UInt8(ascii: "\\"):
      true
    default: byte < 0x20
    }
  }

  private static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
  }
}
