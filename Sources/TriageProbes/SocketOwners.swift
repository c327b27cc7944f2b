import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Which processes hold which socket inodes, from the `socket:[INODE]` links in `/proc/*/fd`
/// (what `ss -p` shows). Without privileges other users' descriptors cannot be read: their
/// sockets stay without an owner.
enum SocketOwners {
  /// pid → command name for each process holding one of `inodes`, by inode; stops at `deadline`.
  ///
  /// - Parameter among: Only these processes' descriptors are read (default: every process).
  static func find(
    _ inodes: Set<Int>, root: String = "/proc", among: [Int32]? = nil, deadline: ContinuousClock.Instant
  ) -> (owners: [Int: [Int32]], complete: Bool) {
    var owners: [Int: [Int32]] = [:]
    guard !inodes.isEmpty else { return (owners, true) }
    var complete = true
    for pid in among ?? ProcessTable.pids(root: root) {
      if ContinuousClock.now >= deadline { return (owners, false) }
      let directory = "\(root)/\(pid)/fd"
      guard let handle = opendir(directory) else {
        if errno == EACCES || errno == EPERM { complete = false }  // not ENOENT: the process just ended
        continue
      }
      defer { closedir(handle) }
      var buffer = [CChar](repeating: 0, count: 64)
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard name.first?.isNumber == true else { continue }
        let count = readlink("\(directory)/\(name)", &buffer, buffer.count - 1)
        guard count > 8 else { continue }
        let link = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard link.hasPrefix("socket:["), let inode = Int(link.dropFirst(8).dropLast()), inodes.contains(inode)
        else { continue }
        if owners[inode]?.contains(pid) != true { owners[inode, default: []].append(pid) }
      }
    }
    return (owners, complete)
  }
}
