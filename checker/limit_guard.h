// Decides when a search must stop because of a Limits entry.
//
// Time is read every kTimeCheckPeriod expansions. Memory is checked against a
// cheap estimate (the checker's own data structures) on every new state, and
// against the process's current RSS every kRssCheckPeriod new states. Sampling
// the current RSS tracks this search's peak; the kernel's VmHWM is not used
// for the limit because it never goes down, so a big earlier search in the
// same process would stop every later one at once.
#pragma once

#include <chrono>
#include <cstdint>

#include "checker/limits.h"

namespace wbcheck::checker {

class LimitGuard {
 public:
  static constexpr uint64_t kTimeCheckPeriod = 1024;
  static constexpr uint64_t kRssCheckPeriod = 4096;

  explicit LimitGuard(const Limits& limits);

  // True when storing one more state would exceed max_states.
  bool states_full(uint64_t stored) const {
    return limits_.max_states != 0 && stored >= limits_.max_states;
  }
  // Call once per expansion; true once the time limit has passed.
  bool time_exceeded();
  // Call once per newly stored state (stored = count including it).
  bool memory_exceeded(uint64_t stored, uint64_t estimated_bytes) const;
  double elapsed_seconds() const;

 private:
  Limits limits_;
  std::chrono::steady_clock::time_point start_;
  uint64_t expansions_ = 0;
};

}  // namespace wbcheck::checker
