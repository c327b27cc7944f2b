#ifndef TRIAGE_HUGE_PAGES_H
#define TRIAGE_HUGE_PAGES_H

// glibc's allocator asks for transparent huge pages only when told to by the environment at
// start-up (GLIBC_TUNABLES=glibc.malloc.hugetlb=1). This asks for them from inside the process:
// it gives the threads to come arenas of their own ahead of time, then advises (MADV_HUGEPAGE)
// every thread arena's reservation, which the kernel then fills 2 MiB at a time.

/// On a thread of its own, so the caller goes on at once: when the kernel's transparent huge page
/// mode is "madvise", creates `threads` spare arenas (taken by the next threads to start), then
/// advises every thread arena.
void triage_prefer_huge_pages_for_heaps(int threads);

/// What the advice did: -2 not asked or not done yet, -1 not asked of the kernel (its mode is not
/// "madvise": it gives huge pages to all memory or to none), else how many arenas were advised.
int triage_huge_page_arenas(void);

#endif
