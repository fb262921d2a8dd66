// Breadth-first explicit-state invariant checking.
//
// check() explores every state reachable from model.initial_states() through
// model.actions()/apply(), in BFS order: level by level, and within a level in
// the fixed order the model lists initial states and actions. Every invariant
// is evaluated on every newly discovered state (initial states included), in
// the order given; the first violating state of each invariant in discovery
// order has minimal depth, so its trace is a shortest counterexample. The
// search keeps going after a violation (successors of violating states are
// expanded too) and stops early only once every invariant is violated, or when
// a Limits entry is hit.
//
// Memory: the visited set maps a 96-bit fingerprint of each state's bytes to
// a node id; a node holds only {parent id, action index within the parent's
// actions()}, its depth following from its id (ids are handed out in BFS
// order). In all 22-24 bytes per state on large searches: 12 of fingerprint,
// 6 of node, 4.4-5.3 of hash table (checker/visited_store.h). Full states
// live only in the BFS frontier. Traces are rebuilt
// by replaying the recorded action indices from the initial state, and each
// replayed state is checked against the stored fingerprint (a mismatch means
// the model is nondeterministic: exit 3).
//
// Limits and caveats:
//  - Fingerprints are hashes, not states: two distinct states with the same
//    fingerprint would be merged and part of the space silently skipped. For
//    n states the probability of any collision among n 96-bit fingerprints
//    is about n^2 / 2^97 (6e-14 for n = 1e8, 6e-12 for n = 1e9), which we
//    accept, as SPIN and TLC do (TLC's fingerprints have 64 bits).
//  - At most 2^32 - 2 states (node ids) and 65536 actions per state; beyond
//    that the checker stops with an internal error rather than misbehave.
//  - Memory is bounded by the visited store plus the widest BFS level (with
//    threads, plus the successors of the two blocks of parents in flight:
//    about 12 MB per thread for sync-writers-4's 372-byte states and 3.6
//    successors per state).
//  - Partial-order reduction (Reduction::kStubborn or kSleep, models satisfying
//    ReducibleModel with stable invariants; checker/por.h) explores a reduced
//    graph that keeps every verdict. Its counterexamples are shortest only
//    among its own paths, so after a reduced search finds violations, check()
//    searches the full graph again for just those invariants, which stops as
//    soon as each has its first (shortest) violating state; if a limit stops
//    that second search first, the reduced trace is kept (it is a real path,
//    replayed under the full semantics). Stats are the reduced search's, plus
//    Stats::trace_states for the second search. A kUnknown depth then counts
//    levels of the reduced graph.
//  - Threads (Limits::threads > 1): the same search, level by level on
//    several threads (checker/parallel_bfs.h). Its Result is the one-thread
//    Result, max-states included; only where a time, interrupt or memory
//    limit stops may differ: between blocks of a few thousand parents per
//    thread instead of between two expansions. The model's and the invariants'
//    const functions are then called from several threads at once, so they
//    must not share mutable scratch.
//  - Deterministic: the same model and invariants give the same Result, apart
//    from Stats::seconds and Stats::peak_rss_bytes (and where a time or memory
//    limit happens to stop the search), whatever the number of threads.
//    Nothing that affects the Result depends on hash-table iteration order.
//  - Exceptions thrown by the model or an invariant propagate to the caller.
#pragma once

#include <vector>

#include "checker/bfs_search.h"
#include "checker/invariant.h"
#include "checker/limits.h"
#include "checker/model.h"
#include "checker/parallel_bfs.h"
#include "checker/result.h"

namespace wbcheck::checker {
namespace detail {

// The search on Limits::threads threads (the same Result for any count).
template <Model M>
Result<M> search(const M& model, const std::vector<Invariant<typename M::State>>& invariants, const Limits& limits,
                 bool reduce, bool sleep_sets = false) {
  if (limits.threads > 1) {
    return ParallelBfsSearch<M>(model, invariants, limits, reduce, limits.threads, sleep_sets).run();
  }
  return BfsSearch<M>(model, invariants, limits, reduce, sleep_sets).run();
}

// Replaces the reduced search's traces by shortest ones from a full search
// for the violated invariants only (see above).
template <Model M>
void shorten_traces(const M& model, const std::vector<Invariant<typename M::State>>& invariants, const Limits& limits,
                    Result<M>& reduced) {
  std::vector<Invariant<typename M::State>> violated;
  std::vector<size_t> where;
  for (size_t k = 0; k < reduced.properties.size(); ++k) {
    if (reduced.properties[k].status != Status::kViolated) continue;
    violated.push_back(invariants[k]);
    where.push_back(k);
  }
  if (violated.empty()) return;
  Result<M> full = search(model, violated, limits, false);
  reduced.stats.trace_states = full.stats.states;
  for (size_t i = 0; i < where.size(); ++i) {
    PropertyOutcome<M>& out = full.properties[i];
    if (out.status == Status::kViolated) reduced.properties[where[i]] = std::move(out);
  }
}

}  // namespace detail

// kStubborn: stubborn sets (checker/por.h); kSleep: the same plus sleep sets
// (checker/sleep_sets.h; stubborn sets alone for a model that is not a
// SleepModel).
enum class Reduction { kNone, kStubborn, kSleep };

template <Model M>
Result<M> check(const M& model, const std::vector<Invariant<typename M::State>>& invariants,
                const Limits& limits, Reduction reduction = Reduction::kNone) {
  if constexpr (ReducibleModel<M>) {
    if (reduction != Reduction::kNone) {
      const bool sleep = SleepModel<M> && reduction == Reduction::kSleep;
      Result<M> reduced = detail::search(model, invariants, limits, true, sleep);
      detail::shorten_traces(model, invariants, limits, reduced);
      return reduced;
    }
  }
  return detail::search(model, invariants, limits, false);
}

}  // namespace wbcheck::checker
