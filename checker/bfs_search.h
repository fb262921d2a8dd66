// The breadth-first search behind check() in bfs.h. Include bfs.h instead.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
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
#include "checker/por.h"
#include "checker/result.h"
#include "checker/rss.h"
#include "checker/trace_replay.h"
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
      : model_(model), invariants_(invariants), guard_(limits), reduce_(reduce),
        first_violation_(invariants.size()) {}

  Result<M> run() {
    seed_initial_states();
    while (!done_ && !frontier_.empty()) {
      // Every state at depth <= the front's depth has been discovered and checked.
      complete_depth_ = store_.node(frontier_.front().id).depth;
      if (guard_.interrupted()) {
        stop("interrupted");
        break;
      }
      if (guard_.time_exceeded()) {
        stop("time-limit");
        break;
      }
      const Entry entry = frontier_.front();
      frontier_.pop_front();
      expand(entry);
    }
    return build_result();
  }

 private:
  struct Entry {
    State state;
    uint32_t id;
  };

  void seed_initial_states() {
    std::vector<State> initial;
    model_.initial_states(initial);
    WBCHECK_CHECK(initial.size() <= VisitedStore::kMaxNodes, "too many initial states");
    for (size_t i = 0; i < initial.size() && !done_; ++i) {
      discover(initial[i], Node{static_cast<uint32_t>(i), 0, 0});
    }
  }

  void expand(const Entry& entry) {
    const uint32_t depth = store_.node(entry.id).depth;
    actions_.clear();
    model_.actions(entry.state, actions_);
    WBCHECK_CHECK(actions_.size() <= VisitedStore::kMaxActions,
                  "more than 65536 actions enabled in one state");
    if constexpr (ReducibleModel<M>) {
      if (reduce_) {
        stubborn_actions(model_, entry.state, actions_, por_);
        for (size_t k = 0; k < por_.keep.size() && !done_; ++k) expand_one(entry, depth, por_.keep[k]);
        return;
      }
    }
    for (size_t i = 0; i < actions_.size() && !done_; ++i) expand_one(entry, depth, i);
  }

  // The action index recorded in the node is into the full actions() list,
  // so traces replay under the full semantics.
  void expand_one(const Entry& entry, uint32_t depth, size_t i) {
    const State next = model_.apply(entry.state, actions_[i]);
    ++stats_.transitions;
    discover(next, Node{entry.id, depth + 1, static_cast<uint16_t>(i)});
  }

  // Stores s if new, checks the invariants on it and queues it for expansion.
  void discover(const State& s, const Node& node) {
    const Fingerprint fp = fingerprint_of(s);
    if (guard_.states_full(store_.size())) {
      if (store_.contains(fp)) {
        ++stats_.matched;
      } else {
        stop("max-states");
      }
      return;
    }
    if (guard_.growth_exceeds(store_.growth_bytes()) && !store_.contains(fp)) {
      stop("max-memory");  // storing it would rehash past the limit
      return;
    }
    const auto [id, inserted] = store_.insert(fp, node);
    if (!inserted) {
      ++stats_.matched;
      return;
    }
    stats_.max_depth = std::max<uint64_t>(stats_.max_depth, node.depth);
    check_invariants(s, id);
    frontier_.push_back(Entry{s, id});
    if (!invariants_.empty() && violated_count_ == invariants_.size()) {
      done_ = true;  // nothing left to find; not a limit
    } else if (guard_.memory_exceeded(store_.size(), memory_estimate())) {
      stop("max-memory");
    }
  }

  void check_invariants(const State& s, uint32_t id) {
    for (size_t k = 0; k < invariants_.size(); ++k) {
      const bool holds = invariants_[k].holds(s);
      if (!holds && !first_violation_[k].has_value()) {
        first_violation_[k] = id;  // BFS order: a state of minimal depth
        ++violated_count_;
      }
    }
  }

  void stop(const char* reason) {
    done_ = true;
    stopped_by_ = reason;
  }

  uint64_t memory_estimate() const { return store_.bytes() + frontier_.size() * sizeof(Entry); }

  Result<M> build_result() const {
    Result<M> result{Verdict::kHolds, {}, stats_};
    result.properties.reserve(invariants_.size());
    for (size_t k = 0; k < invariants_.size(); ++k) result.properties.push_back(outcome(k));
    if (violated_count_ > 0) {
      result.verdict = Verdict::kViolated;
    } else if (!stopped_by_.empty()) {
      result.verdict = Verdict::kInconclusive;
    }
    Stats& stats = result.stats;
    stats.por = reduce_;
    stats.states = store_.size();
    stats.stopped_by = stopped_by_;
    stats.bytes_per_state = stats.states == 0 ? 0 : store_.bytes() / stats.states;
    stats.peak_rss_bytes = peak_rss_bytes();
    stats.seconds = guard_.elapsed_seconds();
    return result;
  }

  PropertyOutcome<M> outcome(size_t k) const {
    const std::string& id = invariants_[k].id;
    if (first_violation_[k].has_value()) {
      const uint32_t node = *first_violation_[k];
      return {id, Status::kViolated, rebuild_trace(node), store_.node(node).depth};
    }
    if (stopped_by_.empty()) return {id, Status::kHolds, std::nullopt, stats_.max_depth};
    return {id, Status::kUnknown, std::nullopt, complete_depth_};
  }

  // Replays the recorded action indices from the root's initial state and
  // checks that every replayed state is the node the search stored.
  Trace<M> rebuild_trace(uint32_t node) const {
    const Path path = store_.path_to(node);
    std::optional<Trace<M>> trace = replay(model_, path.initial_index, path.action_indices);
    WBCHECK_CHECK(trace.has_value(), "trace replay hit a disabled action: model is nondeterministic");
    WBCHECK_CHECK(is_node(trace->initial, path.node_ids[0]),
                  "replayed initial state's fingerprint differs from the stored one");
    for (size_t i = 0; i < trace->steps.size(); ++i) {
      WBCHECK_CHECK(is_node(trace->steps[i].after, path.node_ids[i + 1]),
                    "replayed state's fingerprint differs from the stored one");
    }
    return *std::move(trace);
  }

  bool is_node(const State& s, uint32_t node) const {
    return store_.find(fingerprint_of(s)) == node;
  }

  const M& model_;
  const std::vector<Invariant<State>>& invariants_;
  LimitGuard guard_;
  VisitedStore store_;
  std::deque<Entry> frontier_;
  std::vector<Action> actions_;  // reused by expand()
  bool reduce_ = false;
  PorScratch por_;  // reused by the reduction
  std::vector<std::optional<uint32_t>> first_violation_;  // node id per invariant
  size_t violated_count_ = 0;
  Stats stats_;
  bool done_ = false;
  std::string stopped_by_;       // "" unless a limit stopped the search
  uint64_t complete_depth_ = 0;  // see PropertyOutcome::depth for kUnknown
};

}  // namespace wbcheck::checker::detail
