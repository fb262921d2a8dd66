// Resource limits for one search. Zero means "no limit".
#pragma once

#include <cstdint>

namespace wbcheck::checker {

struct Limits {
  uint64_t max_states = 0;        // distinct states stored
  uint64_t max_memory_bytes = 0;  // peak resident set size of the process
  double time_limit_seconds = 0;  // wall-clock time of the search
};

}  // namespace wbcheck::checker
