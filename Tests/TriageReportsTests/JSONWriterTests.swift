import Foundation
import Testing
import TriageReports

/// The JSON writer's strings: plain ones copied whole, the rest escaped, and no credential in a
/// URL or a `password=` written out — whichever path a string takes.
@Suite struct JSONWriterTests {
  static func written(_ value: String) throws -> String {
    var writer = JSONWriter(pretty: true)
    writer.array { $0.string(value) }
    let text = String(decoding: writer.bytes, as: UTF8.self)
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
    return try #require(parsed?.first)
  }

  @Test func plainAndEscapedStringsRoundTrip() throws {
    for text in ["r8901", "", "d1534 && f6708 == true", "quote \" back\\slash", "tab\tline\nbell\u{7}", "é ✓ 🚀"] {
      #expect(try Self.written(text) == text)
    }
  }

  /// A string with ':' or '=' takes the redacting path, which copies runs between escapes whole:
  /// escapes first, last, side by side and alone, around multi-byte characters.
  @Test func escapesOnTheRedactingPathRoundTrip() throws {
    let cases = [
      "\"a\" == \"b\"", "x != 1\n", "\n", "\u{1}\u{1f}: é\t✓\\", "key: \"\"\"", "a\\\\b = 🚀\r\n", "\"quoted\" = tail",
    ]
    for text in cases {
      #expect(try Self.written(text) == text)
    }
  }

  @Test func credentialsAreRedactedWhateverElseTheStringHolds() throws {
    let cases = [
      "postgresql://app:url-s3cret@db/app",
      "dsn host=db password=s3cret",
      "line\nwith postgresql://app:url-s3cret@db/app and \"quotes\"",
      "PASSWORD=s3cret\ttabbed",
      "password=s",
      "dsn password=s",
    ]
    for text in cases {
      let written = try Self.written(text)
      #expect(!written.contains("s3cret") && !written.hasSuffix("=s"), "\(text) was written as \(written)")
      #expect(written.contains("redacted"))
    }
  }

  @Test func indentationFollowsDepthPastAnyFixedWidth() {
    var writer = JSONWriter(pretty: true)
    func nest(_ depth: Int, _ json: inout JSONWriter) {
      guard depth > 0 else { return json.int(1) }
      json.array { nest(depth - 1, &$0) }
    }
    nest(70, &writer)
    let lines = String(decoding: writer.bytes, as: UTF8.self).split(separator: "\n")
    #expect(lines.count == 141)
    #expect(lines[70] == Substring(String(repeating: " ", count: 140) + "1"))
  }
}
