import TriageCEL
import TriageCore

/// `sockets`: what `ss -tlnp` shows for one local TCP port → `listening`, `listeners`
/// (`[{address, port, pid, pids, process, accept_queue, backlog}]`), `established` (connections
/// to that local port), `accept_queue` and `backlog` (of the fullest listener: its Recv-Q —
/// connections waiting to be accepted — and Send-Q — the queue's limit; 0 when nothing listens),
/// `backlog_known`, `owners_complete`.
///
/// Sockets come from the kernel's `sock_diag` netlink interface, as `ss` gets them, because
/// `/proc/net/tcp` does not show a listener's backlog (its tx_queue column is 0 for listeners)
/// and is slow to read on a busy host; where netlink cannot be used they come from
/// `/proc/net/tcp{,6}`, with `backlog` 0 and `backlog_known: false`.
///
/// Owners are found through `/proc/*/fd`; without the privilege to read another user's
/// descriptors a listener's `pid` is 0 and `process` "" (`owners_complete: false`).
/// `address` narrows listeners and connections to one local address (wildcard listeners match).
public enum SocketsProbe: ProbeKind {
  public static let identifier = "sockets"
  public static let parameters = [
    ProbeParameter("port", .int, required: true, "the local TCP port"),
    ProbeParameter("address", .string, "only this local address (wildcard listeners match too)"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("listening", .bool, "a TCP socket listens on the port (any address)"),
    ProbeResultField(
      "listeners", .list(.map(.string, .dyn)),
      "each listener: {address, port, pid, pids, process, accept_queue, backlog}; pid 0 and process \"\" if unseen"),
    ProbeResultField("established", .int, "established connections to the port"),
    ProbeResultField(
      "accept_queue", .int, "connections waiting to be accepted by the fullest listener (ss Recv-Q); 0 when none"),
    ProbeResultField("backlog", .int, "that listener's accept queue limit (ss Send-Q); 0 when nothing listens"),
    ProbeResultField(
      "owners_complete", .bool, "every process's descriptors could be read, so listeners without an owner have none"),
    ProbeResultField(
      "backlog_known", .bool, "the sockets came from netlink; false when read from /proc/net/tcp (backlog 0)"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    run(request, root: "/proc")
  }

  static func run(_ request: ProbeRequest, root: String) -> ProbeOutcome {
    guard let port = request.int("port"), (1...65535).contains(port) else {
      return .failure("sockets probe needs a port between 1 and 65535")
    }
    let address = request.nonEmptyString("address")
    func matches(_ socket: SocketDiag.Socket) -> Bool {
      socket.port == port
        && (address == nil || socket.address == address || ["0.0.0.0", "::"].contains(socket.address))
    }
    let states = [ProcNetTCP.established, ProcNetTCP.listen]
    let diagnosed = SocketDiag.sockets(states: states, deadline: request.workDeadline)
    let sockets: [SocketDiag.Socket]
    if let diagnosed {
      sockets = diagnosed.filter(matches)
    } else {
      let (entries, readable) = ProcNetTCP.entries(root: root)
      guard readable else { return .failure("cannot read \(root)/net/tcp or \(root)/net/tcp6") }
      sockets = entries.filter { states.contains($0.state) }.map { entry in
        SocketDiag.Socket(
          state: entry.state, address: entry.localAddress, port: entry.localPort,
          acceptQueue: entry.state == ProcNetTCP.listen ? entry.rxQueue : 0, backlog: 0, inode: entry.inode)
      }.filter(matches)
    }
    let established = sockets.filter { $0.state == ProcNetTCP.established }.count
    let listeners = sockets.filter { $0.state == ProcNetTCP.listen }
    let (owners, complete) = SocketOwners.find(Set(listeners.map(\.inode)), root: root, deadline: request.workDeadline)
    var names: [Int32: String] = [:]
    var listenerValues: [CELValue] = []
    for listener in listeners {
      let pids = (owners[listener.inode] ?? []).sorted()
      let pid = pids.first ?? 0
      if pid != 0, names[pid] == nil { names[pid] = ProcessTable.entry(pid, root: root)?.comm ?? "" }
      listenerValues.append(
        .record([
          ("address", .string(listener.address)), ("port", .integer(listener.port)),
          ("pid", .integer(pid)), ("pids", .list(pids.map { .integer($0) })),
          ("process", .string(names[pid] ?? "")), ("accept_queue", .integer(listener.acceptQueue)),
          ("backlog", .integer(listener.backlog)),
        ]))
    }
    let fullest = listeners.max { fill($0) < fill($1) }
    let result = CELValue.record([
      ("listening", .bool(!listeners.isEmpty)), ("listeners", .list(listenerValues)),
      ("established", .integer(established)), ("accept_queue", .integer(fullest?.acceptQueue ?? 0)),
      ("backlog", .integer(fullest?.backlog ?? 0)), ("owners_complete", .bool(complete)),
      ("backlog_known", .bool(diagnosed != nil)),
    ])
    let who = Set(names.values).sorted().joined(separator: ", ")
    let evidence =
      listeners.isEmpty
      ? "nothing listens on TCP port \(port); \(established) established"
      : "\(listeners.count) listener(s) on TCP port \(port)\(who.isEmpty ? "" : " (\(who))"), "
        + "accept queue \(fullest?.acceptQueue ?? 0)/\(fullest?.backlog ?? 0), \(established) established"
    return .result(result, evidence: evidence)
  }

  private static func fill(_ listener: SocketDiag.Socket) -> Double {
    Double(listener.acceptQueue) / Double(max(1, listener.backlog))
  }
}
