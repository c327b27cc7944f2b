import TriageCore

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a child's stdout and stderr concurrently until both close, the child has exited and the
/// pipes went quiet, or the deadline passes (see ``Subprocess``).
struct OutputDrain {
  /// One captured stream.
  struct Stream {
    var descriptor: Int32
    var bytes: [UInt8] = []
    var truncated = false
    var open = true
    let limit: Int

    /// Keeps what fits under the limit and discards the rest.
    mutating func take(_ chunk: UnsafeRawBufferPointer) {
      let room = limit - bytes.count
      if chunk.count <= room {
        bytes.append(contentsOf: chunk)
      } else {
        if room > 0 { bytes.append(contentsOf: chunk.prefix(room)) }
        truncated = true
      }
    }
  }

  var stdout: Stream
  var stderr: Stream

  init(stdout: Int32, stderr: Int32, limit: Int) {
    self.stdout = Stream(descriptor: stdout, limit: limit)
    self.stderr = Stream(descriptor: stderr, limit: limit)
  }

  /// Drains the pipes; true when the child exited (it is left unreaped), false at the deadline.
  mutating func run(child: pid_t, deadline: ContinuousClock.Instant) -> Bool {
    var exitedAt: ContinuousClock.Instant?
    var lastData = ContinuousClock.now
    var buffer = [UInt8](repeating: 0, count: 65536)
    while stdout.open || stderr.open {
      let now = ContinuousClock.now
      if exitedAt == nil, Self.hasExited(child) {
        exitedAt = now
        lastData = now
      }
      if let exitedAt {
        if now - lastData >= Subprocess.quietPeriod || now - exitedAt >= Subprocess.lingerLimit { return true }
      }
      guard now < deadline else {
        // An exited child's output is all in the pipes already (a full pipe would have kept it
        // from exiting): take what is there, so an exit seen at the deadline is not an empty one.
        if exitedAt != nil { drainReady(buffer: &buffer) }
        return exitedAt != nil
      }
      let slice = exitedAt == nil ? Duration.milliseconds(50) : Subprocess.quietPeriod
      let wait = min(deadline - now, slice)
      if readReady(waiting: Int32(max(1, wait.milliseconds.rounded(.up))), buffer: &buffer) { lastData = .now }
    }
    while exitedAt == nil {
      if Self.hasExited(child) { return true }
      if ContinuousClock.now >= deadline { return false }
      usleep(2000)
    }
    return true
  }

  /// Reads whatever the pipes hold now, without waiting: at most a pipe's capacity per stream
  /// (what an exited child can have left there), so a grandchild that keeps writing cannot hold
  /// the probe.
  private mutating func drainReady(buffer: inout [UInt8]) {
    for _ in 0..<16 where stdout.open || stderr.open {
      let before = (stdout.open, stderr.open)
      if !readReady(waiting: 0, buffer: &buffer), before == (stdout.open, stderr.open) { return }
    }
  }

  /// Waits up to `milliseconds` for either pipe, then reads a chunk from each that is ready;
  /// true if data arrived (a stream at its end is closed).
  private mutating func readReady(waiting milliseconds: Int32, buffer: inout [UInt8]) -> Bool {
    var descriptors = [
      pollfd(fd: stdout.open ? stdout.descriptor : -1, events: Int16(POLLIN), revents: 0),
      pollfd(fd: stderr.open ? stderr.descriptor : -1, events: Int16(POLLIN), revents: 0),
    ]
    guard poll(&descriptors, 2, milliseconds) > 0 else { return false }
    var arrived = false
    if descriptors[0].revents != 0, read(into: &stdout, buffer: &buffer) { arrived = true }
    if descriptors[1].revents != 0, read(into: &stderr, buffer: &buffer) { arrived = true }
    return arrived
  }

  /// Reads one chunk; true if data arrived. Closes the stream at end of file or on error.
  private func read(into stream: inout Stream, buffer: inout [UInt8]) -> Bool {
    let count = buffer.withUnsafeMutableBytes { Glibc.read(stream.descriptor, $0.baseAddress, $0.count) }
    if count > 0 {
      buffer.withUnsafeBytes { stream.take(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
      return true
    }
    if count == 0 || (errno != EINTR && errno != EAGAIN) { stream.open = false }
    return false
  }

  /// Whether the child has exited, without reaping it (`WNOWAIT`).
  static func hasExited(_ pid: pid_t) -> Bool {
    var info = siginfo_t()
    guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
    return info._sifields._sigchld.si_pid != 0
  }
}
