// The pieces of work of one block of the parallel search (parallel_bfs.h):
// what phase 1 produces per piece of parents, what phase 2 finds per store
// shard, and the scratch each thread reuses.
//
// Work is handed out by an atomic counter (a piece, a shard at a time), not
// split in fixed shares: on a machine shared with other processes one of the
// threads is often descheduled, and fixed shares would leave the others
// waiting for it at the end of every phase.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <exception>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "checker/fingerprint.h"
#include "checker/por.h"
#include "checker/sleep_sets.h"
#include "checker/visited_store.h"

namespace wbcheck::checker::detail {

// The successors of consecutive parents of a level, in candidate order.
template <class State>
struct BlockPiece {
  std::vector<State> states;
  std::vector<Fingerprint> fps;
  std::vector<uint32_t> parents;  // Node::parent_or_initial
  std::vector<uint16_t> actions;  // Node::action
  std::vector<uint8_t> sleeps;    // with sleep sets: the successor's sleep set on this arrival
  std::array<std::vector<uint32_t>, VisitedStore::kShards> by_shard;  // candidate indices, ascending
  std::vector<uint8_t> fresh;        // phase 2: first of its fingerprint in the store and the block
  std::exception_ptr expand_error;  // thrown after its last candidate

  void clear() {
    states.clear();
    fps.clear();
    parents.clear();
    actions.clear();
    sleeps.clear();
    for (auto& v : by_shard) v.clear();
    expand_error = nullptr;
  }
  void add(const State& s, uint32_t parent, uint16_t action, uint8_t sleep = 0) {
    const auto index = static_cast<uint32_t>(fps.size());
    states.push_back(s);
    fps.push_back(fingerprint_of(s));
    parents.push_back(parent);
    actions.push_back(action);
    sleeps.push_back(sleep);
    by_shard[VisitedStore::shard_index(fps.back())].push_back(index);
  }
  uint64_t bytes() const {
    uint64_t b = states.capacity() * sizeof(State) + fps.capacity() * sizeof(Fingerprint) +
                 parents.capacity() * sizeof(uint32_t) + actions.capacity() * sizeof(uint16_t) + fresh.capacity() +
                 sleeps.capacity();
    for (const auto& v : by_shard) b += v.capacity() * sizeof(uint32_t);
    return b;
  }
};

// What phase 2 found about the candidates of one store shard, in candidate
// order, and (phase 3) the ids they got, for the tables.
struct ShardFindings {
  struct Violation {
    uint32_t piece;
    uint32_t index;  // in the piece
    uint32_t invariant;
  };
  std::vector<Violation> violations;
  std::exception_ptr check_error;  // an invariant threw on candidate (error_piece, error_index)
  uint32_t error_piece = 0;
  uint32_t error_index = 0;
  uint64_t fresh = 0;              // fresh candidates found
  std::vector<uint32_t> new_ids;   // stored by the commit, not yet in the shard's table

  void clear() {
    violations.clear();
    check_error = nullptr;
    fresh = 0;
  }
};

// A thread's buffers, reused from piece to piece.
template <class Action>
struct ThreadScratch {
  std::vector<Action> enabled;
  PorScratch por;
  std::vector<SleepStep> steps;  // sleep sets
  absl::flat_hash_set<Fingerprint> seen;  // phase 2: one shard's fresh fingerprints in the block
};

// Hands out the numbers 0..n-1, each once, to whichever thread asks first.
class WorkCounter {
 public:
  void reset(uint32_t n) {
    n_ = n;
    next_.store(0, std::memory_order_relaxed);
  }
  // False once everything is handed out.
  bool take(uint32_t& i) {
    i = next_.fetch_add(1, std::memory_order_relaxed);
    return i < n_;
  }

 private:
  std::atomic<uint32_t> next_{0};
  uint32_t n_ = 0;
};

}  // namespace wbcheck::checker::detail
