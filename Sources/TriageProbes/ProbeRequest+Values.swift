import Foundation
import TriageCEL

extension ProbeRequest {
  /// A duration parameter: text such as `1.5s` or `10m`, or a number of seconds; nil when absent
  /// or not a duration.
  func duration(_ name: String) -> Duration? {
    switch parameters[name] {
    case .duration(let value): return .nanoseconds(value.totalNanoseconds)
    case .int(let seconds): return .seconds(seconds)
    case .double(let seconds): return .milliseconds(Int64(seconds * 1000))
    case .string(let text):
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if let seconds = Double(trimmed) { return .milliseconds(Int64(seconds * 1000)) }
      return CELDuration(parsing: trimmed).map { .nanoseconds($0.totalNanoseconds) }
    default: return nil
    }
  }

  /// The `parse` parameter's parser, nil when not asked for; throws, naming the known ones, when
  /// it is not one of them (for the probe to refuse before any I/O).
  func outputParser() throws(ProbeParameterError) -> OutputParser? {
    guard let name = nonEmptyString("parse") else { return nil }
    guard let parser = OutputParser(rawValue: name) else {
      throw ProbeParameterError(message: "unknown parse '\(name)' (one of \(OutputParser.names))")
    }
    return parser
  }

  /// Parses `text` with `parser` (and the `regex` parameter) into the `parsed` field, or into
  /// `parse_error` when it does not parse: a status page that answers something else (an error
  /// page) leaves `parsed` out and says why.
  func parsedFields(of bytes: [UInt8], with parser: OutputParser) -> (String, CELValue) {
    do {
      return ("parsed", try parser.parse(bytes, pattern: string("regex")))
    } catch {
      return ("parse_error", .string(error.message))
    }
  }

  /// A string parameter, nil when absent or empty (a `${fact}` substituted to '' counts as absent).
  func nonEmptyString(_ name: String) -> String? {
    guard let text = string(name), !text.isEmpty else { return nil }
    return text
  }

  /// This request with its deadline brought forward to its `timeout` parameter (how long to wait
  /// for an answer), when it has one that ends before the work deadline.
  ///
  /// A server that has not answered by then is an observation (`error: "timeout"`), made while
  /// the probe still had time. Without the parameter the probe waits until its own deadline, and
  /// running out of time there is no observation: the runner makes its facts unknown.
  func answerWindow() -> ProbeRequest {
    guard let timeout = duration("timeout"), timeout > .zero else { return self }
    var limited = self
    limited.deadline = min(deadline, .now + timeout)
    return limited
  }

  /// The deadline for work that must hand its result back before ``deadline``: a little earlier,
  /// so the result is in before the runner gives up on the probe.
  var workDeadline: ContinuousClock.Instant {
    deadline - min(.milliseconds(20), remaining / 10)
  }
}
