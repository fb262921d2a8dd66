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
#include "checker/visited_store.h"

namespace wbcheck::checker::detail {

template <Model M>
class BfsSearch {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  // reduce: expand stubborn sets only (checker/por.h); the model must be a
  // ReducibleModel and its invariants stable.
  BfsSearch(const M& model, const std::vector<Invariant<State>>& invariants, const Limits& limits,
            bool reduce = false)
      : s_(model, invariants, limits, reduce) {}

  Result<M> run() {
    seed_initial_states();
    while (!s_.done && !frontier_.empty()) {
      // Every state at depth <= the front's depth has been discovered and checked.
      s_.complete_depth = s_.store.depth(frontier_.front().id);
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
      discover(initial[i], Node{static_cast<uint32_t>(i), 0, 0});
    }
  }

  void expand(const Entry& entry) {
    const uint32_t depth = s_.store.depth(entry.id);
    actions_.clear();
    s_.model.actions(entry.state, actions_);
    WBCHECK_CHECK(actions_.size() <= VisitedStore::kMaxActions,
                  "more than 65536 actions enabled in one state");
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
    discover(next, Node{entry.id, depth + 1, static_cast<uint16_t>(i)});
  }

  // Stores s if new, checks the invariants on it and queues it for expansion.
  void discover(const State& s, const Node& node) {
    const Fingerprint fp = fingerprint_of(s);
    VisitedStore& store = s_.store;
    if (s_.guard.states_full(store.size())) {
      if (store.contains(fp)) {
        ++s_.stats.matched;
      } else {
        s_.stop("max-states");
      }
      return;
    }
    if (s_.guard.growth_exceeds(store.growth_bytes(fp, node.depth)) && !store.contains(fp)) {
      s_.stop("max-memory");  // storing it would rehash past the limit
      return;
    }
    const auto [id, inserted] = store.insert(fp, node);
    if (!inserted) {
      ++s_.stats.matched;
      return;
    }
    s_.stats.max_depth = std::max<uint64_t>(s_.stats.max_depth, node.depth);
    for (size_t k = 0; k < s_.invariants.size(); ++k) {
      if (!s_.invariants[k].holds(s)) s_.violated(k, id);
    }
    frontier_.push_back(Entry{s, id});
    if (s_.all_violated()) {
      s_.done = true;  // nothing left to find; not a limit
    } else if (s_.guard.memory_exceeded(store.size(), memory_estimate())) {
      s_.stop("max-memory");
    }
  }

  uint64_t memory_estimate() const { return s_.store.bytes() + frontier_.size() * sizeof(Entry); }

  SearchState<M> s_;
  std::deque<Entry> frontier_;
  std::vector<Action> actions_;  // reused by expand()
  PorScratch por_;               // reused by the reduction
};

}  // namespace wbcheck::checker::detail
