#ifndef TRIAGE_LAZY_LIBRARY_H
#define TRIAGE_LAZY_LIBRARY_H

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// A shared library opened on first use, its functions resolved all at once.
//
// `FUNCTIONS(X)` lists each function as X(return type, name, (parameters), (arguments)); void
// functions are listed by `VOID_FUNCTIONS(X)`. LAZY_LIBRARY defines a pointer per function, the
// opener, and a forwarding definition per function under the library's own name. The forwarding
// definitions are hidden, so the library's calls to its own functions never come back here.

#define LAZY_POINTER(ret, name, params, args) static ret(*pointer_##name) params;
#define LAZY_RESOLVE(ret, name, params, args)                                         \
  pointer_##name = (ret(*) params)dlsym(handle, #name);                               \
  if (pointer_##name == NULL) {                                                       \
    snprintf(lazy_failure_text, sizeof lazy_failure_text, "%s has no %s", soname, #name); \
    lazy_failure = lazy_failure_text;                                                  \
    return;                                                                            \
  }
#define LAZY_FORWARD(ret, name, params, args) \
  __attribute__((visibility("hidden"))) ret name params { \
    lazy_require();                           \
    return pointer_##name args;               \
  }
#define LAZY_FORWARD_VOID(ret, name, params, args) \
  __attribute__((visibility("hidden"))) ret name params { \
    lazy_require();                                \
    pointer_##name args;                           \
  }

#define LAZY_LIBRARY(opener, soname_text, FUNCTIONS, VOID_FUNCTIONS)                         \
  FUNCTIONS(LAZY_POINTER)                                                                   \
  VOID_FUNCTIONS(LAZY_POINTER)                                                              \
  static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;                                      \
  static const char *lazy_failure;                                                          \
  static char lazy_failure_text[512];                                                       \
  static void lazy_open(void) {                                                             \
    const char *soname = soname_text;                                                       \
    void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);                                   \
    if (handle == NULL) {                                                                   \
      const char *reason = dlerror();                                                       \
      snprintf(lazy_failure_text, sizeof lazy_failure_text, "%s", reason ? reason : soname); \
      lazy_failure = lazy_failure_text;                                                     \
      return;                                                                               \
    }                                                                                       \
    FUNCTIONS(LAZY_RESOLVE)                                                                 \
    VOID_FUNCTIONS(LAZY_RESOLVE)                                                            \
  }                                                                                         \
  const char *opener(void) {                                                                \
    pthread_once(&lazy_once, lazy_open);                                                    \
    return lazy_failure;                                                                    \
  }                                                                                         \
  /* A call before the opener opens the library itself; only a library that cannot be      \
     opened ends the process (probes ask the opener first and report why instead). */     \
  static void lazy_require(void) {                                                          \
    if (opener() != NULL) {                                                                 \
      fprintf(stderr, "triage: %s is needed but cannot be opened: %s\n", soname_text, lazy_failure); \
      abort();                                                                              \
    }                                                                                       \
  }                                                                                         \
  FUNCTIONS(LAZY_FORWARD)                                                                   \
  VOID_FUNCTIONS(LAZY_FORWARD_VOID)

#endif
