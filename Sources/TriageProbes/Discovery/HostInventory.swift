import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The servers running on this host: the process table read once, each family's first process,
/// and the TCP ports each family listens on (what `ps` and `ss -ltnp` show).
public struct HostInventory: Sendable {
  /// One process per family (a master and its same-named workers count once), by pid.
  public var processes: [RunningProcess]
  /// What could not be read (other users' sockets without privileges); shown with the results.
  public var limits: [String]

  /// Reads the process table and the listening sockets, stopping at `deadline`.
  public static func collect(root: String = "/proc", deadline: ContinuousClock.Instant) -> HostInventory {
    var limits: [String] = []
    var entries: [Int32: ProcessTable.Entry] = [:]
    for pid in ProcessTable.pids(root: root) {
      if let entry = ProcessTable.entry(pid, root: root), entry.state != "Z" { entries[pid] = entry }
    }
    // The family head: climb while the parent has the same command name.
    func head(_ pid: Int32) -> Int32 {
      var current = pid
      var steps = 0
      while let entry = entries[current], let parent = entries[entry.ppid], parent.comm == entry.comm, steps < 64 {
        current = entry.ppid
        steps += 1
      }
      return current
    }
    let tables = ProcNetTCP.entries(root: root)
    if !tables.readable { limits.append("the TCP tables (/proc/net/tcp) could not be read") }
    let listening = tables.entries.filter { $0.state == ProcNetTCP.listen }
    let owners = SocketOwners.find(Set(listening.map(\.inode)), root: root, deadline: deadline)
    if !owners.complete { limits.append("some processes' sockets could not be read (not root?)") }
    var listens: [Int32: Set<NetworkEndpoint>] = [:]
    for socket in listening {
      for pid in owners.owners[socket.inode] ?? [] {
        listens[head(pid), default: []].insert(NetworkEndpoint(host: socket.localAddress, port: socket.localPort))
      }
    }
    var families: [Int32: [Int32]] = [:]
    for pid in entries.keys.sorted() { families[head(pid), default: []].append(pid) }
    var processes: [RunningProcess] = []
    for (pid, entry) in entries.sorted(by: { $0.key < $1.key }) where head(pid) == pid {
      let argv = arguments(pid, root: root)
      guard !argv.isEmpty else { continue }  // kernel threads
      processes.append(
        RunningProcess(
          pid: pid, name: entry.comm, argv: argv, workingDirectory: link("\(root)/\(pid)/cwd"),
          unit: systemdUnit(pid, root: root), listens: (listens[pid] ?? []).sorted(), family: families[pid] ?? [pid],
          root: root))
    }
    return HostInventory(processes: processes, limits: limits)
  }

  /// The processes whose command name is one of `names` (or starts with one followed by a digit
  /// or a dash: `php-fpm8.2`, `mariadbd`).
  public func processes(named names: [String]) -> [RunningProcess] {
    processes.filter { process in
      names.contains { name in
        process.name == name
          || (process.name.hasPrefix(name)
            && process.name.dropFirst(name.count).first.map { $0.isNumber || $0 == "-" || $0 == "." } == true)
      }
    }
  }

  /// The process that listens on `endpoint`, if one does.
  public func listener(of endpoint: NetworkEndpoint) -> RunningProcess? {
    let exact = processes.first { $0.listens.contains(endpoint) }
    return exact ?? processes.first { $0.listens.contains { $0.port == endpoint.port && $0.host == "127.0.0.1" } }
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
