#define _GNU_SOURCE
#include "HugePages.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/// glibc reserves each thread arena's heap as one mapping aligned to its maximum size, read and
/// write up to what is in use and inaccessible after.
static const unsigned long arenaHeapSize = 64UL << 20;

/// One line of /proc/self/maps, as far as telling a heap goes.
struct Mapping {
  unsigned long start, end;
  char permissions[5];
  int anonymous;
};

static int parseMapping(const char *line, struct Mapping *mapping) {
  unsigned long inode = 0;
  int pathStart = 0;
  if (sscanf(line, "%lx-%lx %4s %*s %*s %lu %n", &mapping->start, &mapping->end, mapping->permissions, &inode,
             &pathStart) < 4)
    return 0;
  // No file and no name such as [stack]; the newline after the inode was skipped with the spaces.
  mapping->anonymous = inode == 0 && line[pathStart] == '\0';
  return 1;
}

/// The end of the heap that starts at `mapping` (followed by `next`, if `haveNext`), or 0 when
/// it is not one: an arena's reservation, all of it, so the part still to grow is advised too.
static unsigned long heapEnd(const struct Mapping *mapping, const struct Mapping *next, int haveNext) {
  if (!mapping->anonymous || strcmp(mapping->permissions, "rw-p") != 0 || mapping->start % arenaHeapSize != 0)
    return 0;
  // Whole arenas: the kernel shows neighbouring ones as one mapping.
  if ((mapping->end - mapping->start) % arenaHeapSize == 0) return mapping->end;
  if (haveNext && next->anonymous && strcmp(next->permissions, "---p") == 0 && next->start == mapping->end
      && next->end == mapping->start + arenaHeapSize)
    return next->end;
  return 0;
}

static int hugePagesOnlyWhenAsked(void) {
  int file = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
  if (file < 0) return 0;
  char mode[128];
  ssize_t length = read(file, mode, sizeof mode - 1);
  close(file);
  if (length <= 0) return 0;
  mode[length] = '\0';
  return strstr(mode, "[madvise]") != NULL;
}

/// Threads that take an arena each and wait until all have one (so none is handed another's).
struct ArenaTakers {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int waiting;
  int released;
};

static void *takeArena(void *argument) {
  struct ArenaTakers *takers = argument;
  void *volatile taken = malloc(16);  // volatile: the compiler may not drop the pair
  free(taken);
  pthread_mutex_lock(&takers->lock);
  takers->waiting += 1;
  pthread_cond_broadcast(&takers->changed);
  while (!takers->released) pthread_cond_wait(&takers->changed, &takers->lock);
  pthread_mutex_unlock(&takers->lock);
  return NULL;
}

/// Starts `count` threads that each take a fresh arena, then end: glibc keeps their arenas for the
/// next threads to start, which get them without creating arenas of their own.
static void prepareArenas(int count) {
  struct ArenaTakers takers = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
  pthread_t threads[16];
  int started = 0;
  if (count > 16) count = 16;
  while (started < count && pthread_create(&threads[started], NULL, takeArena, &takers) == 0) started += 1;
  pthread_mutex_lock(&takers.lock);
  while (takers.waiting < started) pthread_cond_wait(&takers.changed, &takers.lock);
  takers.released = 1;
  pthread_cond_broadcast(&takers.changed);
  pthread_mutex_unlock(&takers.lock);
  for (int index = 0; index < started; index += 1) pthread_join(threads[index], NULL);
}

/// What the last advice did: -2 not asked or still asking, -1 left to the kernel, else arenas advised.
static _Atomic int advisedArenas = -2;

int triage_huge_page_arenas(void) { return atomic_load(&advisedArenas); }

static int advise(int threads) {
  if (!hugePagesOnlyWhenAsked()) return -1;
  prepareArenas(threads);
  FILE *maps = fopen("/proc/self/maps", "re");
  if (maps == NULL) return 0;
  int advised = 0;
  char *line = NULL;
  size_t capacity = 0;
  struct Mapping mappings[2];
  int current = 0;
  int have = 0;
  while (!have && getline(&line, &capacity, maps) >= 0) have = parseMapping(line, &mappings[current]);
  while (have) {
    int next = 1 - current;
    int haveNext = 0;
    while (!haveNext && getline(&line, &capacity, maps) >= 0) haveNext = parseMapping(line, &mappings[next]);
    const struct Mapping *mapping = &mappings[current];
    unsigned long end = heapEnd(mapping, &mappings[next], haveNext);
    if (end != 0 && madvise((void *)mapping->start, end - mapping->start, MADV_HUGEPAGE) == 0)
      advised += (int)((end - mapping->start + arenaHeapSize - 1) / arenaHeapSize);
    current = next;
    have = haveNext;
  }
  free(line);
  fclose(maps);
  return advised;
}

static void *adviseInBackground(void *argument) {
  atomic_store(&advisedArenas, advise((int)(intptr_t)argument));
  return NULL;
}

void triage_prefer_huge_pages_for_heaps(int threads) {
  pthread_attr_t attributes;
  pthread_t thread;
  if (pthread_attr_init(&attributes) != 0) return;
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&thread, &attributes, adviseInBackground, (void *)(intptr_t)threads) != 0) {
    atomic_store(&advisedArenas, advise(threads));
  }
  pthread_attr_destroy(&attributes);
}
