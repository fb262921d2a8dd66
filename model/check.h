// MODEL_CHECK: a broken internal belief of the model. It is never used to
// validate input (the loaders do that); failing it is an internal error, exit 3.
#pragma once

namespace wbcheck::model {
// Exits 3 -- or, inside symbolic execution (model/sym/explorer.h), ends the
// path as one whose pre-state breaks the belief (properties/wb_symbolic.cc
// turns it into a step out of the checked domain).
[[noreturn]] void broken_belief(const char* file, int line, const char* msg);
}  // namespace wbcheck::model

#define MODEL_CHECK(cond, msg)                                               \
  do {                                                                       \
    if (!(cond)) ::wbcheck::model::broken_belief(__FILE__, __LINE__, msg);  \
  } while (0)
