// What a search reports: an overall verdict, one outcome per invariant (with a
// shortest counterexample trace when violated), and search statistics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wbcheck::checker {

// The answer for the whole run.
enum class Verdict {
  kHolds,         // every invariant holds in every reachable state
  kViolated,      // at least one invariant has a counterexample
  kInconclusive,  // no counterexample, but a limit stopped the search
};

// The answer for one invariant.
enum class Status {
  kHolds,     // checked on every reachable state
  kViolated,  // a counterexample was found
  kUnknown,   // a limit stopped the search first
};

const char* to_string(Verdict v);  // "holds", "violated", "inconclusive"
const char* to_string(Status s);   // "holds", "violated", "unknown"

struct Stats {
  uint64_t states = 0;           // distinct states stored
  uint64_t matched = 0;          // successors (and duplicate initial states) already seen
  uint64_t transitions = 0;      // apply() calls during the search
  uint64_t max_depth = 0;        // deepest stored state (initial states are depth 0)
  double seconds = 0;            // wall-clock time of the search
  uint64_t peak_rss_bytes = 0;   // VmHWM of the process at the end
  uint64_t bytes_per_state = 0;  // visited-store bytes / states, approximate
  bool por = false;              // partial-order reduction used
  bool sleep_sets = false;       // with por: sleep sets too (checker/sleep_sets.h)
  uint64_t sleep_wakeups = 0;    // with sleep sets: states expanded again for woken processes
  bool symmetry = false;         // one state stored per orbit of interchangeable tasks
  uint64_t trace_states = 0;     // with por: states stored by the full search for shortest traces
  std::string stopped_by;        // "", "max-states", "max-memory", "time-limit", "interrupted"
};

// A path from an initial state. steps[i].before is the initial state for i == 0
// and steps[i - 1].after otherwise.
template <class M>
struct Trace {
  typename M::State initial;
  struct Step {
    typename M::Action action;
    typename M::State before;
    typename M::State after;
  };
  std::vector<Step> steps;
};

template <class M>
struct PropertyOutcome {
  std::string id;
  Status status;
  std::optional<Trace<M>> trace;  // set iff status == kViolated; a shortest one
  // kViolated: depth of the violating state (== trace->steps.size()).
  // kHolds:    Stats::max_depth (the whole reachable space was checked).
  // kUnknown:  every reachable state of depth <= depth was checked and
  //            satisfies the invariant. (Exception: if a limit stopped the
  //            search before all initial states were stored, depth is 0 and
  //            not even depth 0 is complete.)
  uint64_t depth;
};

template <class M>
struct Result {
  Verdict verdict;
  std::vector<PropertyOutcome<M>> properties;  // in the order of the invariants given
  Stats stats;
};

}  // namespace wbcheck::checker
