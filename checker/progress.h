// A snapshot of a running search for a live display (cli/progress_line.h).
// The search calls Limits::progress from its own thread, at most every
// Limits::progress_interval_seconds and only after it has checked the clock
// anyway, so a run without a display pays one branch per expansion.
#pragma once

#include <cstdint>
#include <functional>

namespace wbcheck::checker {

struct Progress {
  uint64_t states = 0;     // distinct states stored so far
  uint64_t depth = 0;      // every state to this depth has been discovered
  uint64_t queue = 0;      // states waiting to be expanded (the parallel search: parents left in the level)
  uint64_t rss_bytes = 0;  // current resident set size of the process
  double seconds = 0;      // since the search started
};

using ProgressFn = std::function<void(const Progress&)>;

}  // namespace wbcheck::checker
