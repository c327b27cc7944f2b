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

  /// An array written on every core is byte for byte the one written in order: below, at and
  /// past the parallel threshold and the batch size, nested, pretty or not, kept or flushed.
  @Test func arraysWrittenInParallelAreTheSameBytes() {
    @Sendable func member(_ json: inout JSONWriter, _ index: Int) {
      json.object { json in
        json.key("id")
        json.string("r\(index)")
        json.key("reads")
        json.array(0..<(index % 4)) { $0.int(Int64($1)) }
      }
    }
    func document(_ items: [Int], parallel: Bool, _ json: inout JSONWriter) {
      json.object { json in
        json.key("first")
        json.null()
        json.key("items")
        if parallel {
          json.array(inParallel: items, minimum: 8, batch: 32, member)
        } else {
          json.array(items, member)
        }
        json.key("last")
        json.bool(true)
      }
    }
    for count in [0, 1, 7, 8, 9, 31, 32, 40, 41, 64, 100, 1_000] {
      let items = Array(0..<count)
      for pretty in [true, false] {
        var inOrder = JSONWriter(pretty: pretty)
        document(items, parallel: false, &inOrder)
        var inParallel = JSONWriter(pretty: pretty)
        document(items, parallel: true, &inParallel)
        #expect(inParallel.bytes == inOrder.bytes, "\(count) items, pretty: \(pretty)")
        let flushed = FlushedBytes()
        var flushing = JSONWriter(pretty: pretty, flush: flushed.append)
        document(items, parallel: true, &flushing)
        flushing.finish()
        #expect(flushed.bytes == inOrder.bytes, "\(count) items flushed, pretty: \(pretty)")
      }
    }
  }
}

/// What a flushing writer handed over, in order.
private final class FlushedBytes {
  var bytes: [UInt8] = []
  func append(_ chunk: [UInt8]) { bytes += chunk }
}
