import Glibc

/// The machine's processors, for work split across threads.
package enum Processors {
  /// How many threads to use for work split across processors (at most eight).
  package static var workers: Int {
    min(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8)
  }
}
