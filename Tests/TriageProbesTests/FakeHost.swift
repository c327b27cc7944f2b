import Foundation

/// A `/proc` tree and configuration files in a temporary directory: processes with their command
/// lines, environments, working directories and listening sockets, for discovery's tests.
final class FakeHost {
  let root: URL
  private var sockets: [(port: Int, inode: Int)] = []
  private var nextInode = 1000

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("triage-fakehost-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("proc/net"), withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  /// The `/proc` root to give discovery.
  var proc: String { root.appendingPathComponent("proc").path }

  /// The path of `relative` under the host's root.
  func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  /// Writes a file under the root, creating its directory.
  @discardableResult
  func write(_ relative: String, _ text: String) throws -> String {
    let url = root.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// Makes a symbolic link under the root.
  func link(_ relative: String, to target: String) throws {
    let url = root.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
  }

  /// Adds a process listening on `ports` (127.0.0.1).
  func process(
    _ pid: Int, parent: Int = 1, name: String, argv: [String], environment: [String: String] = [:],
    cwd: String? = nil, unit: String? = nil, listens ports: [Int] = []
  ) throws {
    let base = "proc/\(pid)"
    let zeros = Array(repeating: "0", count: 30).joined(separator: " ")
    try write("\(base)/stat", "\(pid) (\(name)) S \(parent) \(zeros)\n")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("\(base)/fd"), withIntermediateDirectories: true)
    try Data((argv.joined(separator: "\0") + "\0").utf8).write(to: root.appendingPathComponent("\(base)/cmdline"))
    let variables = environment.map { "\($0.key)=\($0.value)" }.joined(separator: "\0")
    try Data(variables.utf8).write(to: root.appendingPathComponent("\(base)/environ"))
    try write("\(base)/cgroup", "0::/" + (unit.map { "system.slice/\($0)" } ?? "") + "\n")
    if let cwd { try link("\(base)/cwd", to: cwd) }
    for (index, port) in ports.enumerated() {
      nextInode += 1
      sockets.append((port, nextInode))
      try link("\(base)/fd/\(index + 3)", to: "socket:[\(nextInode)]")
    }
    try writeTCPTable()
  }

  private func writeTCPTable() throws {
    var lines = ["  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"]
    for (index, socket) in sockets.enumerated() {
      let port = String(socket.port, radix: 16, uppercase: true)
      let padded = String(repeating: "0", count: max(0, 4 - port.count)) + port
      lines.append(
        "   \(index): 0100007F:\(padded) 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 \(socket.inode) 1"
      )
    }
    try write("proc/net/tcp", lines.joined(separator: "\n") + "\n")
  }
}
