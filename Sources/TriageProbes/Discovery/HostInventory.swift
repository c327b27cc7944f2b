import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The servers running on this host: the process table read once, and for each family (a master
/// and its same-named workers count once) whose command name discovery knows, its command line,
/// working directory, unit and the TCP ports it listens on (what `ps` and `ss -ltnp` show).
public struct HostInventory: Sendable {
  /// One process per known family, by pid.
  public var processes: [RunningProcess]
  /// What could not be read (other users' sockets without privileges); shown with the results.
  public var limits: [String]
  /// The listening sockets, for ``listener(of:)``.
  private var listening: [ProcNetTCP.Entry] = []
  private var root = "/proc"
  private var deadline: ContinuousClock.Instant = .now

  /// Reads the process table and the listening sockets of the processes named `names` (matched as
  /// ``matches(_:_:)`` does), stopping at `deadline`.
  public static func collect(
    root: String = "/proc", names: [String], deadline: ContinuousClock.Instant
  ) -> HostInventory {
    var limits: [String] = []
    var entries: [Int32: ProcessTable.Entry] = [:]
    for pid in ProcessTable.pids(root: root) {
      if let entry = ProcessTable.entry(pid, root: root), entry.state != "Z" { entries[pid] = entry }
    }
    var heads: [Int32: Int32] = [:]
    func head(_ pid: Int32) -> Int32 {
      if let known = heads[pid] { return known }
      var current = pid
      var steps = 0
      while let entry = entries[current], let parent = entries[entry.ppid], parent.comm == entry.comm, steps < 64 {
        current = entry.ppid
        steps += 1
      }
      heads[pid] = current
      return current
    }
    var families: [Int32: [Int32]] = [:]
    for (pid, entry) in entries.sorted(by: { $0.key < $1.key }) where matches(entry.comm, names) {
      families[head(pid), default: []].append(pid)
    }
    let tables = ProcNetTCP.listeners(root: root)
    if !tables.readable { limits.append("the TCP tables (/proc/net/tcp) could not be read") }
    let listening = tables.entries
    let members = families.values.flatMap { $0 }.sorted()
    let owners = SocketOwners.find(Set(listening.map(\.inode)), root: root, among: members, deadline: deadline)
    if !owners.complete { limits.append("some processes' sockets could not be read (not root?)") }
    var listens: [Int32: Set<NetworkEndpoint>] = [:]
    for socket in listening {
      for pid in owners.owners[socket.inode] ?? [] {
        listens[head(pid), default: []].insert(NetworkEndpoint(host: socket.localAddress, port: socket.localPort))
      }
    }
    var processes: [RunningProcess] = []
    for (pid, family) in families.sorted(by: { $0.key < $1.key }) {
      guard let entry = entries[pid], let process = describe(pid, comm: entry.comm, root: root) else { continue }
      var described = process
      described.listens = (listens[pid] ?? []).sorted()
      described.family = family
      processes.append(described)
    }
    var inventory = HostInventory(processes: processes, limits: limits)
    inventory.listening = listening
    inventory.root = root
    inventory.deadline = deadline
    return inventory
  }

  /// Whether a command name is one of `names`, or one followed by a version (`php-fpm8.2`).
  static func matches(_ comm: String, _ names: [String]) -> Bool {
    names.contains { name in
      comm == name
        || (comm.hasPrefix(name)
          && comm.dropFirst(name.count).first.map { $0.isNumber || $0 == "-" || $0 == "." } == true)
    }
  }

  /// The processes whose command name is one of `names`.
  public func processes(named names: [String]) -> [RunningProcess] {
    processes.filter { Self.matches($0.name, names) }
  }

  /// The process, of any name, that listens on `endpoint` (an application server discovery does
  /// not know, behind a proxy that forwards to it): every process's descriptors are read for it.
  public func listener(of endpoint: NetworkEndpoint) -> RunningProcess? {
    let sockets = listening.filter {
      $0.localPort == endpoint.port && NetworkEndpoint(host: $0.localAddress, port: $0.localPort).host == endpoint.host
    }
    guard !sockets.isEmpty else { return nil }
    let owners = SocketOwners.find(Set(sockets.map(\.inode)), root: root, deadline: deadline).owners
    guard let pid = owners.values.flatMap({ $0 }).min(), let entry = ProcessTable.entry(pid, root: root),
      var process = Self.describe(pid, comm: entry.comm, root: root)
    else { return nil }
    process.listens = [endpoint]
    return process
  }

  /// A process's command line, working directory and unit; nil for a kernel thread or a process
  /// that has gone.
  private static func describe(_ pid: Int32, comm: String, root: String) -> RunningProcess? {
    let argv = arguments(pid, root: root)
    guard !argv.isEmpty else { return nil }
    return RunningProcess(
      pid: pid, name: comm, argv: argv, workingDirectory: link("\(root)/\(pid)/cwd"),
      unit: systemdUnit(pid, root: root), listens: [], family: [pid], root: root)
  }

  private static func arguments(_ pid: Int32, root: String) -> [String] {
    guard var bytes = ProcessTable.readSmallFile("\(root)/\(pid)/cmdline", limit: 65536) else { return [] }
    while bytes.last == 0 { bytes.removeLast() }
    let argv = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    // A server that retitles itself (`nginx: master process nginx -c …`) leaves one string.
    if argv.count == 1, argv[0].contains(" ") { return argv[0].split(separator: " ").map(String.init) }
    return argv
  }

  private static func link(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `foo.service` from a cgroup line such as `0::/system.slice/foo.service`; nil outside a
  /// service (a login session, a container's root cgroup).
  static func systemdUnit(_ pid: Int32, root: String) -> String? {
    guard let bytes = ProcessTable.readSmallFile("\(root)/\(pid)/cgroup", limit: 8192) else { return nil }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
      guard let last = line.split(separator: "/").last, last.hasSuffix(".service"), line.contains("system.slice")
      else { continue }
      return String(last)
    }
    return nil
  }
}
