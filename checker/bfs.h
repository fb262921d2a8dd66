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
// Memory: the visited set maps a 128-bit fingerprint of each state's bytes to
// a node id; a node holds only {parent id, action index within the parent's
// actions(), depth} (roughly 40-70 bytes per state in all, depending on hash
// table load). Full states live only in the BFS frontier. Traces are rebuilt
// by replaying the recorded action indices from the initial state, and each
// replayed state is checked against the stored fingerprint (a mismatch means
// the model is nondeterministic: exit 3).
//
// Limits and caveats:
//  - Fingerprints are hashes, not states: two distinct states with the same
//    fingerprint would be merged and part of the space silently skipped. For
//    n states the probability of any collision is about n^2 / 2^129 (below
//    1e-20 for n = 1e9), which we accept, as SPIN and TLC do.
//  - At most 2^32 - 2 states (node ids) and 65536 actions per state; beyond
//    that the checker stops with an internal error rather than misbehave.
//  - Memory is bounded by the visited store plus the widest BFS level.
//  - No partial-order or symmetry reduction here (Stats::por is false).
//  - Deterministic: the same model and invariants give the same Result, apart
//    from Stats::seconds and Stats::peak_rss_bytes (and where a time or memory
//    limit happens to stop the search). Nothing that affects the Result
//    depends on hash-table iteration order.
//  - Exceptions thrown by the model or an invariant propagate to the caller.
#pragma once

#include <vector>

#include "checker/bfs_search.h"
#include "checker/invariant.h"
#include "checker/limits.h"
#include "checker/model.h"
#include "checker/result.h"

namespace wbcheck::checker {

template <Model M>
Result<M> check(const M& model, const std::vector<Invariant<typename M::State>>& invariants,
                const Limits& limits) {
  return detail::BfsSearch<M>(model, invariants, limits).run();
}

}  // namespace wbcheck::checker
