import CHugePages
import Synchronization
import TriageCore

/// Settings of the C allocator for a process that may build a catalog of hundreds of megabytes.
enum MemoryAllocator {
  /// glibc's `mallopt` (not exported by the Glibc module); the options are from `<malloc.h>`.
  @_silgen_name("mallopt")
  private static func mallopt(_ option: Int32, _ value: Int32) -> Int32

  private static let topPad: Int32 = -2
  private static let arenaMax: Int32 = -8

  private static let longRun = Atomic<Bool>(false)
  private static let asked = Atomic<Bool>(false)

  /// Grows the heap 64 MiB at a time instead of 128 KiB: a 100,000-rule catalog otherwise costs
  /// thousands of heap extensions (measured: a warm 100,000-rule audit 0.74 s → 0.64 s). Memory
  /// not yet touched costs nothing, so the resident size does not change.
  static func configure() {
    _ = mallopt(topPad, 64 << 20)
  }

  /// Before a catalog is built: asks for the allocator's heaps to be backed by transparent huge
  /// pages, when the kernel gives them only to memory that asks (its "madvise" mode). Building a
  /// catalog touches tens of megabytes once; one fault per 2 MiB instead of per 4 KiB page takes
  /// 7,300 page faults of a cold 10,000-rule audit to about 3,000 and its CPU time from 206 to
  /// 173 ms, for about 6 MiB more resident memory (each arena's last huge page). Asked on a
  /// thread of its own while the caller goes on. Not for `triage serve`.
  static func preferHugePages() {
    guard !longRun.load(ordering: .relaxed), !asked.exchange(true, ordering: .relaxed) else { return }
    // One spare arena for each thread the parallel phases may start.
    triage_prefer_huge_pages_for_heaps(Int32(clamping: Processors.workers))
  }

  /// What ``preferHugePages()`` did, in words (for `--timings`).
  static var hugePageSummary: String {
    switch triage_huge_page_arenas() {
    case -2:
      asked.load(ordering: .relaxed) ? "transparent huge pages still being asked for" : "default pages (not asked)"
    case -1: "as the kernel's transparent huge page mode decides (not \"madvise\")"
    case let count: "transparent huge pages asked for \(count) heap\(count == 1 ? "" : "s")"
    }
  }

  /// For a process that runs for days (`triage serve`): at most two malloc arenas, and the
  /// default top pad again. Each probe thread would otherwise get an arena of its own, and their
  /// free pieces keep the resident size creeping up audit after audit (measured over 2,000 live
  /// audits of the lab: +15 MiB with glibc's defaults, +4.6 MiB with one arena). Its heaps keep
  /// the kernel's default pages.
  static func configureForLongRun() {
    longRun.store(true, ordering: .relaxed)
    _ = mallopt(arenaMax, 2)
    _ = mallopt(topPad, 128 << 10)
  }
}
