#ifndef TRIAGE_HUGE_PAGES_H
#define TRIAGE_HUGE_PAGES_H

// glibc's allocator asks for transparent huge pages only when told to by the environment at
// start-up (GLIBC_TUNABLES=glibc.malloc.hugetlb=1). This asks for them from inside the process:
// it gives the threads to come arenas of their own ahead of time, then advises (MADV_HUGEPAGE)
// every thread arena's reservation, which the kernel then fills 2 MiB at a time.

/// Creates `threads` spare arenas (taken by the next threads to start), then advises every thread
/// arena; returns how many arenas were advised, or -1 when the kernel's transparent huge page mode
/// is not "madvise" (it then gives huge pages to all memory, or to none, whatever is asked).
int triage_advise_huge_pages_for_heaps(int threads);

#endif
