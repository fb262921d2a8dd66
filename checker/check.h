// WBCHECK_CHECK: an always-on internal consistency check.
//
// A failed check is a bug in wbcheck (or a model breaking the Model contract),
// never a property violation: it prints where it failed and exits with code 3,
// the CLI's "internal error" status. It is not compiled out in release builds.
#pragma once

#include <cstdio>
#include <cstdlib>

#define WBCHECK_CHECK(cond, msg)                                                     \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "wbcheck: internal error at %s:%d: %s\n", __FILE__, __LINE__, \
                   (msg));                                                           \
      std::fflush(stderr);                                                           \
      std::_Exit(3);                                                                 \
    }                                                                                \
  } while (0)
