#if canImport(Glibc)
  import Glibc
#endif

/// The process table from `/proc`: one `stat` read per process, `cmdline` only when asked.
enum ProcessTable {
  /// A process as `/proc/PID/stat` describes it.
  struct Entry {
    var pid: Int32
    /// The kernel's command name (at most 15 bytes).
    var comm: String
    /// `R`, `S`, `D`, `Z`, `T`, `t`, `X`, `I`.
    var state: String
    var ppid: Int32
    /// User plus system CPU time, in clock ticks.
    var cpuTicks: Int64
    /// Start time after boot, in clock ticks.
    var startTicks: Int64
    var rssPages: Int64
  }

  /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`).
  static let ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
  /// Bytes per page.
  static let pageSize = Int64(max(1, sysconf(Int32(_SC_PAGESIZE))))

  /// The ids of the processes (not threads), ascending.
  static func pids(root: String = "/proc") -> [Int32] {
    guard let handle = opendir(root) else { return [] }
    defer { closedir(handle) }
    var pids: [Int32] = []
    while let entry = readdir(handle) {
      let pid = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Int32? in
        var value: Int32 = 0
        var any = false
        for byte in raw {
          if byte == 0 { break }
          guard (48...57).contains(byte), value < Int32.max / 10 - 9 else { return nil }
          value = value * 10 + Int32(byte - 48)
          any = true
        }
        return any ? value : nil
      }
      if let pid { pids.append(pid) }
    }
    return pids.sorted()
  }

  /// The process's `stat` line, parsed; nil if it is gone or unreadable.
  static func entry(_ pid: Int32, root: String = "/proc") -> Entry? {
    guard let bytes = readSmallFile("\(root)/\(pid)/stat", limit: 4096),
      let open = bytes.firstIndex(of: UInt8(ascii: "(")), let close = bytes.lastIndex(of: UInt8(ascii: ")")),
      open < close
    else { return nil }
    let comm = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    guard fields.count >= 22 else { return nil }
    func number(_ index: Int) -> Int64 { Int64(String(decoding: fields[index], as: UTF8.self)) ?? 0 }
    return Entry(
      pid: pid, comm: comm, state: String(decoding: fields[0], as: UTF8.self), ppid: Int32(clamping: number(1)),
      cpuTicks: number(11) + number(12), startTicks: number(19), rssPages: number(21))
  }

  /// The command line with arguments separated by spaces; "" for kernel threads and zombies.
  static func commandLine(_ pid: Int32, root: String = "/proc", limit: Int = 65536) -> String {
    guard var bytes = readSmallFile("\(root)/\(pid)/cmdline", limit: limit) else { return "" }
    while bytes.last == 0 { bytes.removeLast() }
    return String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
  }

  /// argv[0] of a process ("" when unknown).
  static func programName(_ pid: Int32, root: String = "/proc") -> String {
    guard let bytes = readSmallFile("\(root)/\(pid)/cmdline", limit: 4096) else { return "" }
    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// Seconds since boot (`/proc/uptime`).
  static func uptime(root: String = "/proc") -> Double {
    guard let bytes = readSmallFile("\(root)/uptime", limit: 256) else { return 0 }
    return Double(String(decoding: bytes.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)) ?? 0
  }

  /// Up to `limit` bytes of a file, read to its end with one descriptor (files under /proc report
  /// size 0 and must be read until `read` returns 0).
  static func readSmallFile(_ path: String, limit: Int) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: min(limit, 4096))
    var total = 0
    while total < limit {
      if total == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, limit - total)) }
      let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + total, $0.count - total) }
      if count < 0, errno == EINTR { continue }
      if count <= 0 { break }
      total += count
    }
    return Array(bytes.prefix(total))
  }
}
