import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program (argv, never a shell string) to completion or to a deadline, capturing its output.
///
/// The child is spawned with `posix_spawn` in a process group of its own, stdin on `/dev/null`,
/// default signal dispositions and an empty signal mask, and only descriptors 0–2 open. Its stdout
/// and stderr are drained concurrently with `poll`; past `maximumOutput` bytes a stream is read
/// and discarded, so the child never blocks on a full pipe.
///
/// Ending, and what is left behind:
/// - At the deadline the whole group is killed (`SIGKILL` to `-pgid`) and the child reaped:
///   `timedOut` is true.
/// - When the main child exits while something it started still holds the pipes open, output is
///   read until both pipes close, or go quiet for ``quietPeriod``, or ``lingerLimit`` has passed —
///   whichever comes first — and then reading stops.
/// - In every case the group is sent `SIGKILL` before the main child is reaped (its unreaped
///   zombie keeps the group id from being reused), so nothing a probe started outlives it. A
///   process that left the group (`setsid`) is out of reach; it gets `SIGPIPE` or `EPIPE` when it
///   next writes to the closed pipe.
struct Subprocess {
  /// What the program did.
  struct Output {
    /// The exit status; 128 + the signal number when a signal ended it; -1 when it timed out.
    var exitCode: Int
    var stdout: [UInt8]
    var stderr: [UInt8]
    /// It was killed at the deadline.
    var timedOut: Bool
    /// stdout or stderr went past the cap and was cut.
    var truncated: Bool
    var duration: Duration
  }

  /// Why the program could not be started.
  enum SpawnError: Error, CustomStringConvertible {
    case notFound(String)
    case notExecutable(String)
    case badDirectory(String)
    case other(String)

    var description: String {
      switch self {
      case .notFound(let name): "program not found: \(name)"
      case .notExecutable(let name): "program is not executable: \(name)"
      case .badDirectory(let path): "working directory does not exist: \(path)"
      case .other(let message): message
      }
    }
  }

  /// How long the pipes may stay silent after the main child exited.
  static let quietPeriod = Duration.milliseconds(250)
  /// How long output is still read after the main child exited.
  static let lingerLimit = Duration.seconds(1)
  /// `PATH` used when the environment has none.
  static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

  /// Runs `argv` with exactly `environment` and waits for it, at most until `deadline`.
  static func run(
    _ argv: [String], environment: [String: String], directory: String? = nil,
    deadline: ContinuousClock.Instant, maximumOutput: Int
  ) throws(SpawnError) -> Output {
    guard let program = argv.first, !program.isEmpty else { throw .other("empty argv") }
    let path = try resolve(program, searchPath: environment["PATH"] ?? defaultPath)
    if let directory {
      var info = stat()
      guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { throw .badDirectory(directory) }
    }
    let start = ContinuousClock.now
    let (outRead, outWrite) = try makePipe()
    let (errRead, errWrite) = try makePipe()
    defer {
      close(outRead)
      close(errRead)
    }
    let pid: pid_t
    do {
      pid = try spawn(
        path, argv: argv, environment: environment, directory: directory, stdout: outWrite, stderr: errWrite)
    } catch {
      close(outWrite)
      close(errWrite)
      throw error
    }
    close(outWrite)
    close(errWrite)
    var drain = OutputDrain(stdout: outRead, stderr: errRead, limit: max(0, maximumOutput))
    let exited = drain.run(child: pid, deadline: deadline)
    // The main child is not reaped yet, so its process group id cannot have been reused.
    kill(-pid, SIGKILL)
    let status = reap(pid, until: .now + .milliseconds(500))
    if status == nil { reapLater(pid) }
    let exitCode = exited ? status.map(Self.exitCode) ?? -1 : -1
    return Output(
      exitCode: exitCode, stdout: drain.stdout.bytes, stderr: drain.stderr.bytes, timedOut: !exited,
      truncated: drain.stdout.truncated || drain.stderr.truncated, duration: ContinuousClock.now - start)
  }

  /// The program's path: as given when it contains a slash, else the first executable in `searchPath`.
  static func resolve(_ program: String, searchPath: String) throws(SpawnError) -> String {
    if program.contains("/") {
      guard access(program, F_OK) == 0 else { throw .notFound(program) }
      guard access(program, X_OK) == 0 else { throw .notExecutable(program) }
      return program
    }
    for directory in searchPath.split(separator: ":") where !directory.isEmpty {
      let candidate = "\(directory)/\(program)"
      var info = stat()
      if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
        return candidate
      }
    }
    throw .notFound(program)
  }

  private static func makePipe() throws(SpawnError) -> (Int32, Int32) {
    var descriptors: [Int32] = [-1, -1]
    guard let pipe2 = GNUExtensions.pipe2 else { throw .other("pipe2 is not available") }
    guard pipe2(&descriptors, O_CLOEXEC) == 0 else { throw .other("pipe: \(String(cString: strerror(errno)))") }
    return (descriptors[0], descriptors[1])
  }

  private static func spawn(
    _ path: String, argv: [String], environment: [String: String], directory: String?, stdout: Int32,
    stderr: Int32
  ) throws(SpawnError) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, stderr, 2)
    _ = GNUExtensions.addClosefrom?(&actions, 3)
    if let directory {
      guard let addChdir = GNUExtensions.addChdir else { throw .other("cannot set a working directory here") }
      _ = addChdir(&actions, directory)
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    posix_spawnattr_setpgroup(&attributes, 0)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
      sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)

    let arguments = argv.map { strdup($0) } + [nil]
    let variables = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in arguments { free(pointer) }
      for pointer in variables { free(pointer) }
    }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, path, &actions, &attributes, arguments, variables)
    switch code {
    case 0: return pid
    case ENOENT: throw .notFound(path)
    case EACCES, ENOEXEC: throw .notExecutable(path)
    default: throw .other("cannot start \(path): \(String(cString: strerror(code)))")
    }
  }

  /// The shell's convention: the exit status, or 128 + the signal that ended the process.
  static func exitCode(_ status: Int32) -> Int {
    let signal = status & 0x7f
    return signal == 0 ? Int((status >> 8) & 0xff) : 128 + Int(signal)
  }

  /// Reaps `pid`, polling until `deadline`; nil if it has not exited by then.
  @discardableResult
  static func reap(_ pid: pid_t, until deadline: ContinuousClock.Instant) -> Int32? {
    var status: Int32 = 0
    while true {
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid { return status }
      if result < 0, errno != EINTR { return nil }
      if ContinuousClock.now >= deadline { return nil }
      usleep(2000)
    }
  }

  /// Reaps a child that did not die at once (stuck in the kernel) from a background thread.
  private static func reapLater(_ pid: pid_t) {
    Thread {
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }.start()
  }
}
