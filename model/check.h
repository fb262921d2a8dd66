// MODEL_CHECK: a broken internal belief of the model. It is never used to
// validate input (the loaders do that); failing it is an internal error, exit 3.
#pragma once

#include <cstdio>
#include <cstdlib>

#define MODEL_CHECK(cond, msg)                                                          \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "wbcheck: internal error at %s:%d: %s\n", __FILE__, __LINE__, \
                   msg);                                                                \
      std::_Exit(3);                                                                    \
    }                                                                                   \
  } while (0)
