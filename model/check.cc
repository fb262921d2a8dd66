#include "model/check.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "model/sym/explorer.h"

namespace wbcheck::model {

void broken_belief(const char* file, int line, const char* msg) {
  if (sym::explorer_active()) throw sym::BrokenBelief{std::string(file) + ":" + std::to_string(line) + ": " + msg};
  std::fprintf(stderr, "wbcheck: internal error at %s:%d: %s\n", file, line, msg);
  std::_Exit(3);
}

}  // namespace wbcheck::model
