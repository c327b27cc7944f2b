import Logging
import TriageReports

/// Hummingbird's own messages (warnings and errors only) as JSON lines in the server's log.
struct JSONLineLogHandler: LogHandler {
  let log: JSONLineLog
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .warning

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let details = metadata.merging(event.metadata ?? [:]) { _, new in new }
      .sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string("\($0.value)")) }
    log.event(
      "server",
      [("level", .string(event.level.rawValue)), ("message", .string("\(event.message)"))]
        + (details.isEmpty ? [] : [("details", .object(details))]))
  }
}
