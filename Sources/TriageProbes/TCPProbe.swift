import TriageCEL
import TriageCore

/// `tcp`: can a TCP connection be opened? → `connected`, `latency_ms`, `error` (refused, timeout, dns).
public enum TCPProbe: ProbeKind {
  public static let identifier = "tcp"
  public static let parameters = [
    ProbeParameter("host", .string, required: true, "host name or address"),
    ProbeParameter("port", .int, required: true, "TCP port"),
    ProbeParameter(
      "timeout", .string,
      "how long to wait for the answer, shorter than the probe's timeout: past it the probe observes error 'timeout' (default: none; running out of the probe's own time leaves its facts unknown)"
    ),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("connected", .bool, "a TCP connection was opened"),
    ProbeResultField("latency_ms", .double, "time to the connection (or to the failure)"),
    ProbeResultField("error", .string, "\"\" when connected, else refused, timeout, dns, reset or other"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let host = request.string("host"), let port = request.int("port"), (1...65535).contains(port) else {
      return .failure("tcp probe needs a host and a port between 1 and 65535")
    }
    let start = ContinuousClock.now
    do {
      _ = try SocketConnection.connect(host: host, port: port, deadline: request.answerWindow().deadline)
      let latency = ContinuousClock.now - start
      return .result(
        .record([("connected", .bool(true)), ("latency_ms", .milliseconds(latency)), ("error", .string(""))]),
        evidence: "connected to \(host):\(port)")
    } catch {
      return .result(
        .record([
          ("connected", .bool(false)), ("latency_ms", .milliseconds(ContinuousClock.now - start)),
          ("error", .string(error.kind)),
        ]), evidence: "\(host):\(port): \(error)")
    }
  }
}
