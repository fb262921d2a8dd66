// Decides when a search must stop because of a Limits entry.
//
// The interrupt flag is read on every expansion (one relaxed atomic load, so a
// signal stops even a search whose expansions are slow, e.g. under the Z3
// crosscheck). Time is read every kTimeCheckPeriod expansions. Memory is checked against a
// cheap estimate (the checker's own data structures) on every new state, and
// against the process's current RSS every kRssCheckPeriod new states. Sampling
// the current RSS tracks this search's peak; the kernel's VmHWM is not used
// for the limit because it never goes down, so a big earlier search in the
// same process would stop every later one at once. A sample stops the search
// once the RSS plus twice the growth since the previous sample would pass the
// limit: the RSS grows in small steps between samples, and stopping only after
// it passed the limit would leave the peak just above it. Before the visited
// store grows by a large block (a shard's rehash holds the old and the new
// slots at once) the RSS plus the growth is checked, so the peak stays under
// the limit too.
#pragma once

#include <chrono>
#include <cstdint>

#include "checker/limits.h"

namespace wbcheck::checker {

class LimitGuard {
 public:
  static constexpr uint64_t kTimeCheckPeriod = 1024;
  static constexpr uint64_t kProgressCheckPeriod = 256;
  static constexpr uint64_t kRssCheckPeriod = 4096;
  // Smaller growths are left to the periodic RSS check, like any other
  // allocation between two samples.
  static constexpr uint64_t kMinCheckedGrowth = uint64_t{1} << 20;

  explicit LimitGuard(const Limits& limits);

  // True when storing one more state would exceed max_states.
  bool states_full(uint64_t stored) const {
    return limits_.max_states != 0 && stored >= limits_.max_states;
  }
  // Call once per expansion; true once the time limit has passed.
  bool time_exceeded();
  // Reads the clock on every call: for the parallel search, once per block.
  bool time_exceeded_now() const {
    return limits_.time_limit_seconds > 0 && elapsed_seconds() > limits_.time_limit_seconds;
  }
  // True once Limits::interrupt has been set. Cheap: call it as often as needed.
  bool interrupted() const {
    return limits_.interrupt != nullptr && limits_.interrupt->load(std::memory_order_relaxed);
  }
  // Call once per newly stored state (stored = count including it), or once
  // per batch of them; the RSS is sampled once kRssCheckPeriod more states
  // are stored than at the previous sample.
  bool memory_exceeded(uint64_t stored, uint64_t estimated_bytes);
  // True when allocating growth_bytes more (a hash table about to rehash)
  // would take the current RSS past max_memory: the peak of a rehash is old
  // and new table together, which sampling the RSS afterwards would miss.
  // Reads the RSS only when growth_bytes >= kMinCheckedGrowth, which is rare.
  bool growth_exceeds(uint64_t growth_bytes) const;
  double elapsed_seconds() const;
  // Call once per expansion: true when Limits::progress is set, and
  // (reading the clock every kProgressCheckPeriod calls) the interval has
  // passed since the previous report. progress_due_now reads the clock on
  // every call: for the parallel search, once per block.
  bool progress_due() {
    if (!limits_.progress || ++progress_calls_ % kProgressCheckPeriod != 0) return false;
    return progress_due_now();
  }
  bool progress_due_now();
  // Calls Limits::progress with the search's figures, the RSS and the time.
  void report_progress(uint64_t states, uint64_t depth, uint64_t queue) const;

 private:
  Limits limits_;
  std::chrono::steady_clock::time_point start_;
  uint64_t expansions_ = 0;
  uint64_t last_rss_ = 0;  // at the previous RSS sample; 0 before the first
  uint64_t next_rss_sample_ = 1;  // stored count
  uint64_t progress_calls_ = 0;
  double last_progress_ = 0;  // elapsed seconds at the previous report
};

}  // namespace wbcheck::checker
