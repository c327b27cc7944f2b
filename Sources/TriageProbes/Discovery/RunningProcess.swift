import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A server process as discovery sees it: the first of its family (a master, not its workers),
/// with the TCP ports it and its workers listen on.
public struct RunningProcess: Sendable {
  /// The process id.
  public var pid: Int32
  /// The kernel's command name (`comm`, at most 15 bytes: `nginx`, `php-fpm8.2`, `postgres`).
  public var name: String
  /// The command line, one element per argument.
  public var argv: [String]
  /// The working directory as the link shows it, if readable.
  public var workingDirectory: String?
  /// The systemd service the process runs in (from its cgroup), if any.
  public var unit: String?
  /// The TCP addresses the process (or a worker of its family) listens on, sorted.
  public var listens: [NetworkEndpoint]
  /// Its pid and its same-named workers' pids.
  public var family: [Int32] = []
  /// The `/proc` root it was read from.
  var root: String = "/proc"

  /// The value after `option` in the command line: `-f FILE`, `--bind=ADDR`, `-fFILE` for a
  /// one-letter option; the last occurrence wins, as for most servers.
  public func option(_ names: String...) -> String? {
    var found: String?
    var index = argv.startIndex + 1
    while index < argv.endIndex {
      let argument = argv[index]
      for name in names {
        if argument == name, index + 1 < argv.endIndex {
          found = argv[index + 1]
        } else if name.hasPrefix("--"), argument.hasPrefix(name + "=") {
          found = String(argument.dropFirst(name.count + 1))
        } else if !name.hasPrefix("--"), name.count == 2, argument.hasPrefix(name), argument.count > 2 {
          found = String(argument.dropFirst(2))
        }
      }
      index += 1
    }
    return found
  }

  /// Every value given to `option` (`--env A=1 --env B=2`).
  public func options(_ name: String) -> [String] {
    var values: [String] = []
    for (index, argument) in argv.enumerated().dropFirst() {
      if argument == name, index + 1 < argv.count { values.append(argv[index + 1]) }
      if name.hasPrefix("--"), argument.hasPrefix(name + "=") {
        values.append(String(argument.dropFirst(name.count + 1)))
      }
    }
    return values
  }

  /// A path from the command line made absolute against the working directory.
  public func absolute(_ path: String) -> String {
    guard !path.hasPrefix("/"), let workingDirectory else { return path }
    return (workingDirectory as NSString).appendingPathComponent(path)
  }

  /// The process's environment (`/proc/PID/environ`); nil when it cannot be read (another user's
  /// process without privileges). Read only for the processes discovery recognizes, and never
  /// printed: values that name credentials are used in memory only.
  public func environment() -> [String: String]? {
    guard let bytes = ProcessTable.readSmallFile("\(root)/\(pid)/environ", limit: 256 << 10) else { return nil }
    var variables: [String: String] = [:]
    for entry in bytes.split(separator: 0) {
      let text = String(decoding: entry, as: UTF8.self)
      guard let equals = text.firstIndex(of: "=") else { continue }
      variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
    }
    return variables
  }

  /// The log files the process or its workers hold open (`*.log`, or anything under
  /// `/var/log`): where an application writes what it does not give its server's log options.
  public func openLogFiles() -> [String] {
    var found = Set<String>()
    var buffer = [CChar](repeating: 0, count: 4096)
    for pid in (family.isEmpty ? [pid] : family).prefix(64) {
      let directory = "\(root)/\(pid)/fd"
      guard let handle = opendir(directory) else { continue }
      defer { closedir(handle) }
      var count = 0
      while let entry = readdir(handle), count < 4096 {
        count += 1
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard name.first?.isNumber == true else { continue }
        let length = readlink("\(directory)/\(name)", &buffer, buffer.count - 1)
        guard length > 1 else { continue }
        let target = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard target.hasPrefix("/"), !target.hasSuffix(" (deleted)"),
          target.hasSuffix(".log") || target.hasPrefix("/var/log/")
        else { continue }
        found.insert(target)
      }
    }
    return found.sorted()
  }

  /// Whether the process or one of its first workers has a library loaded whose path contains
  /// one of `names` (`libpq`, `mysqli`): which database client the application speaks.
  public func loadsLibrary(_ names: [String]) -> Bool {
    for pid in (family.isEmpty ? [pid] : family).prefix(4) {
      guard let bytes = ProcessTable.readSmallFile("\(root)/\(pid)/maps", limit: 4 << 20) else { continue }
      let text = String(decoding: bytes, as: UTF8.self)
      if names.contains(where: { text.contains($0) }) { return true }
    }
    return false
  }

  /// What provenance says of this process: `haproxy (pid 123)`.
  public var label: String { "\(name) (pid \(pid))" }
}
