import Foundation
import Testing
import TriageCore
import TriageReports

/// The HTML report: text from probes and runbooks is escaped wherever it lands (element text,
/// attributes, the SVG), and the page needs nothing from the network.
@Suite struct HTMLReporterTests {
  static let hostile = "<script>alert(\"x\")</script>' onmouseover='alert(1)"

  static func render() throws -> String {
    let metadata = ReportMetadata(
      triageVersion: "0.0.0-test",
      probes: [
        ProbeSummary(id: "front", kind: "http", status: "ok", reason: nil, milliseconds: 12.5, evidence: hostile),
        ProbeSummary(id: "cache", kind: "redis", status: "failed", reason: hostile, milliseconds: 3),
        ProbeSummary(
          id: "db", kind: "postgres", status: "ok", reason: nil, milliseconds: 4,
          evidence: "dsn host=db password='qu0ted-s3cret' and postgresql://app:url-s3cret@db/app"),
      ])
    return HTMLReporter.render(try ReportSnapshotTests.diagnosis(), metadata: metadata, style: .plain)
  }

  @Test func escapesProbeTextInElementsAndAttributes() throws {
    let html = try Self.render()
    #expect(!html.contains("<script>alert"))
    #expect(!html.contains("' onmouseover='"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;alert(1)"))
    #expect(html.components(separatedBy: "<script>").count == 2, "only the report's own script")
  }

  @Test func redactsCredentialsBeforeEscapingThem() throws {
    let html = try Self.render()
    #expect(!html.contains("qu0ted-s3cret"), "a quoted password survives escaping only if redacted first")
    #expect(!html.contains("url-s3cret"))
  }

  @Test func drawsTheGraphAndFetchesNothing() throws {
    let html = try Self.render()
    let diagnosis = try ReportSnapshotTests.diagnosis()
    #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\""))
    for cause in diagnosis.causes {
      #expect(html.contains("data-id=\"cause:\(cause.id)\""))
      #expect(html.contains("class=\"node cause root\" tabindex=\"0\" role=\"img\""))
    }
    #expect(html.contains("<link rel=\"icon\" href=\"data:,\">"), "no favicon request")
    for pattern in ["src=", "href=\"http", "href=\"/", "@import", "url(http", "url(/", "rel=\"stylesheet\""] {
      #expect(!html.contains(pattern), "\(pattern) would fetch")
    }
  }
}
