#include "cli/prove.h"

#include <iostream>

#include "cli/run_check.h"

namespace wbcheck::cli {

int run_prove(const ProveOptions&) {
  std::cerr << "wbcheck: prove: not implemented yet\n";
  return kExitInternal;
}

}  // namespace wbcheck::cli
