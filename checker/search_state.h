// What both breadth-first searches (bfs_search.h on one thread,
// parallel_bfs.h on several) keep apart from their frontier, and the Result
// they build from it, so that the two cannot differ in how they report.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/check.h"
#include "checker/fingerprint.h"
#include "checker/invariant.h"
#include "checker/limit_guard.h"
#include "checker/limits.h"
#include "checker/model.h"
#include "checker/result.h"
#include "checker/rss.h"
#include "checker/sleep_sets.h"
#include "checker/trace_replay.h"
#include "checker/visited_store.h"

namespace wbcheck::checker::detail {

template <Model M>
class SearchState {
 public:
  using State = typename M::State;

  SearchState(const M& m, const std::vector<Invariant<State>>& invs, const Limits& limits, bool reduced,
              bool sleep_sets = false)
      : model(m), invariants(invs), guard(limits), reduce(reduced), sleep(reduced && sleep_sets),
        first_violation_(invs.size()) {}

  void stop(const char* reason) {
    done = true;
    stopped_by = reason;
  }

  // Node `id`, just stored, violates invariant k. Discovery order: the first
  // one recorded has minimal depth.
  void violated(size_t k, uint32_t id) {
    if (first_violation_[k].has_value()) return;
    first_violation_[k] = id;
    ++violated_count_;
  }
  // Every invariant has a counterexample: nothing left to find.
  bool all_violated() const { return !invariants.empty() && violated_count_ == invariants.size(); }

  Result<M> build_result() const {
    Result<M> result{Verdict::kHolds, {}, stats};
    result.properties.reserve(invariants.size());
    for (size_t k = 0; k < invariants.size(); ++k) result.properties.push_back(outcome(k));
    if (violated_count_ > 0) {
      result.verdict = Verdict::kViolated;
    } else if (!stopped_by.empty()) {
      result.verdict = Verdict::kInconclusive;
    }
    Stats& s = result.stats;
    s.por = reduce;
    s.sleep_sets = sleep;
    s.sleep_wakeups = sleep_wakeups;
    s.states = store.size();
    s.stopped_by = stopped_by;
    s.bytes_per_state = s.states == 0 ? 0 : (store.bytes() + sleeps.bytes()) / s.states;
    s.peak_rss_bytes = peak_rss_bytes();
    s.seconds = guard.elapsed_seconds();
    return result;
  }

  const M& model;
  const std::vector<Invariant<State>>& invariants;
  LimitGuard guard;
  VisitedStore store;
  bool reduce = false;
  bool sleep = false;     // sleep sets on top of the stubborn sets (checker/sleep_sets.h)
  SleepStore sleeps;      // with sleep: every node's sleep set
  uint64_t sleep_wakeups = 0;  // states expanded again because arrivals woke processes
  Stats stats;  // transitions, matched and max_depth; build_result() fills in the rest
  bool done = false;
  std::string stopped_by;       // "" unless a limit stopped the search
  uint64_t complete_depth = 0;  // see PropertyOutcome::depth for kUnknown

  // Stores s if new (node: how it was reached), checks the invariants on it
  // and hands it to queue(s). asleep: its sleep set on this arrival (sleep
  // sets only). memory(): the search's bytes besides what this stores.
  template <class Queue, class Memory>
  void discover(const State& s, const Node& node, uint8_t asleep, const Queue& queue, const Memory& memory) {
    const Fingerprint fp = fingerprint_of(s);
    if (guard.states_full(store.size())) {
      if (const std::optional<uint32_t> id = store.find(fp)) {
        ++stats.matched;
        // Still an arrival: a process it wakes may reach a state the limit
        // must then stop at (without it, a full store could end as "holds").
        if (sleep) sleeps.arrive(*id, asleep, store.first_id_from(node.depth));
      } else {
        stop("max-states");
      }
      return;
    }
    if (guard.growth_exceeds(store.growth_bytes(fp, node.depth)) && !store.contains(fp)) {
      stop("max-memory");  // storing it would rehash past the limit
      return;
    }
    const auto [id, inserted] = store.insert(fp, node);
    if (!inserted) {
      ++stats.matched;
      if (sleep) sleeps.arrive(id, asleep, store.first_id_from(node.depth));
      return;
    }
    if (sleep) sleeps.add(asleep);
    stats.max_depth = std::max<uint64_t>(stats.max_depth, node.depth);
    for (size_t k = 0; k < invariants.size(); ++k) {
      if (!invariants[k].holds(s)) violated(k, id);
    }
    queue(s, id);
    if (all_violated()) {
      done = true;  // nothing left to find; not a limit
    } else if (guard.memory_exceeded(store.size(), memory())) {
      stop("max-memory");
    }
  }

  // Between two sleep-set wakeups (bfs_search.h, parallel_bfs.h): stops the
  // search on an interrupt or the time limit, so that a long run of wakeups
  // still answers Ctrl-C.
  bool wake_stopped() {
    if (guard.interrupted()) stop("interrupted");
    else if (guard.time_exceeded_now()) stop("time-limit");
    return done;
  }

  // The state of a stored node, rebuilt by replaying its path (for sleep-set
  // wakeups: the searches keep no expanded states).
  State state_of(uint32_t node) const {
    const Path path = store.path_to(node);
    std::optional<Trace<M>> trace = replay(model, path.initial_index, path.action_indices);
    WBCHECK_CHECK(trace.has_value(), "path replay hit a disabled action: model is nondeterministic");
    const State s = trace->steps.empty() ? trace->initial : trace->steps.back().after;
    WBCHECK_CHECK(store.find(fingerprint_of(s)) == node, "replayed state's fingerprint differs from the stored one");
    return s;
  }

 private:
  PropertyOutcome<M> outcome(size_t k) const {
    const std::string& id = invariants[k].id;
    if (first_violation_[k].has_value()) {
      const uint32_t node = *first_violation_[k];
      // The trace's length, not the node's BFS level: a state found by a
      // sleep-set wakeup sits at the level the wakeup ran at, which can be
      // deeper than its path (sleep_sets.h).
      Trace<M> trace = rebuild_trace(node);
      const uint64_t steps = trace.steps.size();
      return {id, Status::kViolated, std::move(trace), steps};
    }
    if (stopped_by.empty()) return {id, Status::kHolds, std::nullopt, stats.max_depth};
    return {id, Status::kUnknown, std::nullopt, complete_depth};
  }

  // Replays the recorded action indices from the root's initial state and
  // checks that every replayed state is the node the search stored.
  Trace<M> rebuild_trace(uint32_t node) const {
    const Path path = store.path_to(node);
    std::optional<Trace<M>> trace = replay(model, path.initial_index, path.action_indices);
    WBCHECK_CHECK(trace.has_value(), "trace replay hit a disabled action: model is nondeterministic");
    WBCHECK_CHECK(is_node(trace->initial, path.node_ids[0]),
                  "replayed initial state's fingerprint differs from the stored one");
    for (size_t i = 0; i < trace->steps.size(); ++i) {
      WBCHECK_CHECK(is_node(trace->steps[i].after, path.node_ids[i + 1]),
                    "replayed state's fingerprint differs from the stored one");
    }
    return *std::move(trace);
  }

  bool is_node(const State& s, uint32_t node) const { return store.find(fingerprint_of(s)) == node; }

  std::vector<std::optional<uint32_t>> first_violation_;  // node id per invariant
  size_t violated_count_ = 0;
};

}  // namespace wbcheck::checker::detail
