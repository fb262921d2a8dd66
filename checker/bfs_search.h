// The one-thread breadth-first search behind check() in bfs.h. Include bfs.h
// instead. (parallel_bfs.h is the same search on several threads.)
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "checker/check.h"
#include "checker/fingerprint.h"
#include "checker/invariant.h"
#include "checker/limits.h"
#include "checker/model.h"
#include "checker/por.h"
#include "checker/result.h"
#include "checker/search_state.h"
#include "checker/sleep_sets.h"
#include "checker/visited_store.h"

namespace wbcheck::checker::detail {

template <Model M>
class BfsSearch {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  // reduce: expand stubborn sets only (checker/por.h); the model must be a
  // ReducibleModel and its invariants stable.
  // sleep_sets: with reduce, sleep sets too (checker/sleep_sets.h); the
  // model must then be a SleepModel.
  BfsSearch(const M& model, const std::vector<Invariant<State>>& invariants, const Limits& limits,
            bool reduce = false, bool sleep_sets = false)
      : s_(model, invariants, limits, reduce, sleep_sets) {}

  Result<M> run() {
    seed_initial_states();
    uint32_t level = 0;
    while (!s_.done) {
      if (frontier_.empty() || s_.store.depth(frontier_.front().id) != level) {
        // Level `level` is expanded: expand what arrivals woke, into the next.
        wake(level);
        if (s_.done || frontier_.empty()) break;
        level = s_.store.depth(frontier_.front().id);
      }
      // Every state at depth <= the front's depth has been discovered and checked.
      s_.complete_depth = level;
      if (s_.guard.interrupted()) {
        s_.stop("interrupted");
        break;
      }
      if (s_.guard.time_exceeded()) {
        s_.stop("time-limit");
        break;
      }
      if (s_.guard.progress_due()) s_.guard.report_progress(s_.store.size(), s_.complete_depth, frontier_.size());
      const Entry entry = frontier_.front();
      frontier_.pop_front();
      expand(entry);
    }
    return s_.build_result();
  }

 private:
  struct Entry {
    State state;
    uint32_t id;
  };

  void seed_initial_states() {
    std::vector<State> initial;
    s_.model.initial_states(initial);
    WBCHECK_CHECK(initial.size() <= VisitedStore::kMaxNodes, "too many initial states");
    for (size_t i = 0; i < initial.size() && !s_.done; ++i) {
      discover(initial[i], Node{static_cast<uint32_t>(i), 0, 0}, 0);
    }
  }

  // Sleep sets: the states of levels <= `level` whose sleep sets arrivals
  // shrank, in id order, each expanding the processes that woke.
  void wake(uint32_t level) {
    if constexpr (SleepModel<M>) {
      uint32_t id;
      uint8_t asleep, woken;
      while (s_.sleep && !s_.done && s_.sleeps.take_woken(id, asleep, woken)) {
        if (s_.wake_stopped()) break;
        ++s_.sleep_wakeups;
        const State s = s_.state_of(id);
        actions_.clear();
        s_.model.actions(s, actions_);
        stubborn_actions(s_.model, s, actions_, por_);
        sleep_steps(por_, asleep, woken, steps_);
        for (size_t k = 0; k < steps_.size() && !s_.done; ++k) expand_one(s, id, level, steps_[k]);
      }
    }
  }

  void expand(const Entry& entry) {
    const uint32_t depth = s_.store.depth(entry.id);
    actions_.clear();
    s_.model.actions(entry.state, actions_);
    WBCHECK_CHECK(actions_.size() <= VisitedStore::kMaxActions,
                  "more than 65536 actions enabled in one state");
    if constexpr (SleepModel<M>) {
      if (s_.sleep) {
        stubborn_actions(s_.model, entry.state, actions_, por_);
        sleep_steps(por_, s_.sleeps[entry.id], -1, steps_);
        for (size_t k = 0; k < steps_.size() && !s_.done; ++k) expand_one(entry.state, entry.id, depth, steps_[k]);
        return;
      }
    }
    if constexpr (ReducibleModel<M>) {
      if (s_.reduce) {
        stubborn_actions(s_.model, entry.state, actions_, por_);
        for (size_t k = 0; k < por_.keep.size() && !s_.done; ++k) expand_one(entry, depth, por_.keep[k]);
        return;
      }
    }
    for (size_t i = 0; i < actions_.size() && !s_.done; ++i) expand_one(entry, depth, i);
  }

  // The action index recorded in the node is into the full actions() list,
  // so traces replay under the full semantics.
  void expand_one(const Entry& entry, uint32_t depth, size_t i) {
    const State next = s_.model.apply(entry.state, actions_[i]);
    ++s_.stats.transitions;
    discover(next, Node{entry.id, depth + 1, static_cast<uint16_t>(i)}, 0);
  }

  // The same with sleep sets: the successor's set is renamed with it.
  void expand_one(const State& s, uint32_t id, uint32_t depth, SleepStep step) {
    if constexpr (SleepModel<M>) {
      const State next = s_.model.apply(s, actions_[step.action], step.sleep);
      ++s_.stats.transitions;
      discover(next, Node{id, depth + 1, static_cast<uint16_t>(step.action)}, step.sleep);
    }
  }

  // Stores s if new, checks the invariants on it and queues it for expansion.
  // sleep: its sleep set on this arrival (sleep sets only).
  void discover(const State& s, const Node& node, uint8_t sleep) {
    s_.discover(
        s, node, sleep, [&](const State& x, uint32_t id) { frontier_.push_back(Entry{x, id}); },
        [&] { return memory_estimate(); });
  }

  uint64_t memory_estimate() const {
    return s_.store.bytes() + s_.sleeps.bytes() + frontier_.size() * sizeof(Entry);
  }

  SearchState<M> s_;
  std::deque<Entry> frontier_;
  std::vector<Action> actions_;  // reused by expand()
  PorScratch por_;               // reused by the reduction
  std::vector<SleepStep> steps_;  // reused by sleep sets
};

}  // namespace wbcheck::checker::detail
