import TriageCore

/// Renders a diagnosis in one format; a pure function of its inputs.
public protocol Reporter {
  /// The format's name on the command line (`--format json`).
  static var identifier: String { get }
  /// Renders the report.
  static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String
  /// Renders the report as UTF-8 bytes handed to `output` in one or more pieces, so a large
  /// report need not be held whole.
  static func write(
    _ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle, to output: @escaping ([UInt8]) -> Void)
}

extension Reporter {
  public static func write(
    _ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle, to output: @escaping ([UInt8]) -> Void
  ) {
    // No credential inside a URL-shaped value ever reaches a report, whichever field carried it.
    output(Array(CredentialRedaction.redact(render(diagnosis, metadata: metadata, style: style)).utf8))
  }
}

/// Every report format, by identifier.
public var reporters: [any Reporter.Type] {
  [
    TextReporter.self, JSONReporter.self, MarkdownReporter.self, JUnitReporter.self, OpenMetricsReporter.self,
    NagiosReporter.self, HTMLReporter.self,
  ]
}

/// The reporter for a format name, if any.
public func reporterType(named identifier: String) -> (any Reporter.Type)? {
  reporters.first { $0.identifier == identifier }
}
