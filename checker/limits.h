// Resource limits for one search. Zero means "no limit".
#pragma once

#include <atomic>
#include <cstdint>

#include "checker/progress.h"

namespace wbcheck::checker {

struct Limits {
  uint64_t max_states = 0;        // distinct states stored
  uint64_t max_memory_bytes = 0;  // peak resident set size of the process
  double time_limit_seconds = 0;  // wall-clock time of the search
  // When set, the search stops (stopped_by "interrupted") once *interrupt is
  // true. The checker only reads it, at the points where it reads the clock;
  // who sets it (cli/: a SIGINT/SIGTERM handler) is not its business. Must be
  // lock-free so that a signal handler may store to it.
  const std::atomic<bool>* interrupt = nullptr;
  // Threads the search may use (>= 1; 0 counts as 1). Not a limit on the
  // answer: the Result is the same for every count (checker/parallel_bfs.h),
  // but with more than one the model and the invariants are called from
  // several threads at once.
  unsigned threads = 1;
  // Not a limit either: when set, called with a snapshot of the search at
  // most every progress_interval_seconds (checker/progress.h).
  ProgressFn progress;
  double progress_interval_seconds = 0.25;
};

static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler stores to Limits::interrupt");

}  // namespace wbcheck::checker
