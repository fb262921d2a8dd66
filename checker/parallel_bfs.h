// The breadth-first search of bfs.h on several threads, with the Result of
// the one-thread search (bfs_search.h) byte for byte. Include bfs.h instead.
//
// The one-thread search discovers states in "candidate order": parents in id
// order, each parent's successors in action order; the first discovery of a
// fingerprint gets the next id. Here each level is cut into blocks of
// parents, and a block goes through three phases:
//   1. expand (all threads): the block's parents are cut into pieces of
//      kPiece consecutive parents, and each piece's successors become its
//      candidate list (successor, fingerprint, parent, action index); the
//      lists one after the other are in candidate order;
//   2. classify (all threads, a store shard at a time): a candidate is fresh
//      if neither the store nor an earlier candidate of the block has its
//      fingerprint. Equal fingerprints share a shard, so the thread that
//      takes the shard decides, walking its candidates in order, which is
//      first; it also evaluates the invariants on the fresh ones;
//   3. commit (the caller's thread, while the other threads expand the
//      level's next block): walks the candidates in order with the one-thread
//      search's bookkeeping (transitions, matched, ids by a running count,
//      max-states, the stop once every invariant is violated), appending the
//      new nodes to the store and their states to the next level.
// The new nodes enter the store's hash tables in the next block's phase 2,
// each shard's before its candidates are looked up. Hence the same ids,
// parents, first violations and counts as one thread, max-states stopping at
// the same state, and the store growing alike (the same bytes per state);
// which thread did what does not matter. Levels of fewer than kMinParallel
// states run on the caller's thread alone.
//
// Work is handed out a piece or a shard at a time (parallel_block.h), and
// the commit, the one phase on one thread (a few percent of the work),
// overlaps the next expansion rather than leaving the other threads idle.
//
// What differs from one thread:
//  - Time and interrupt limits are checked between blocks (of up to kShare
//    parents per thread), not between expansions; so is the memory limit, and
//    a block whose store growth would pass it is not stored. Where those stop
//    depends on timing anyway.
//  - Every candidate of a block is expanded and every fresh one checked even
//    when the search stops partway through the block, and the next block is
//    expanded too (wasted work, no effect on the Result). An exception from the model or an invariant is rethrown
//    on the caller's thread if the one-thread search would have met it, the
//    first it would have met; one it would never have reached is dropped.
//  - The model's and the invariants' const functions run on several threads
//    at once.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "checker/check.h"
#include "checker/fingerprint.h"
#include "checker/invariant.h"
#include "checker/level_states.h"
#include "checker/limits.h"
#include "checker/model.h"
#include "checker/parallel_block.h"
#include "checker/por.h"
#include "checker/result.h"
#include "checker/search_state.h"
#include "checker/sleep_sets.h"
#include "absl/container/flat_hash_map.h"
#include "checker/visited_store.h"
#include "checker/worker_pool.h"

namespace wbcheck::checker::detail {

template <Model M>
class ParallelBfsSearch {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  static constexpr uint64_t kShare = 4096;       // parents per thread and block
  static constexpr uint64_t kPiece = 128;        // parents per piece of phase 1
  static constexpr uint64_t kMinParallel = 256;  // narrower levels: the caller's thread only

  // As BfsSearch; threads >= 1.
  ParallelBfsSearch(const M& model, const std::vector<Invariant<State>>& invariants, const Limits& limits,
                    bool reduce, unsigned threads, bool sleep_sets = false)
      : s_(model, invariants, limits, reduce, sleep_sets), pool_(threads), scratch_(threads) {
    for (Block& b : blocks_) b.pieces.resize(std::max<uint64_t>(1, kShare * threads / kPiece));
  }

  Result<M> run() {
    seed_initial_states();  // into next_, as every level
    for (uint32_t depth = 0; !s_.done; ++depth) {
      level_ = std::move(next_);
      next_ = LevelStates<State>();
      if (level_.empty()) break;
      expand_level(depth);
    }
    shards_.reset(VisitedStore::kShards);
    on_threads([&](unsigned) { index_shards(); });  // the last commit's nodes, for trace replay
    return s_.build_result();
  }

 private:
  using Piece = BlockPiece<State>;

  // The parents [begin, end) of the level being expanded, and their
  // successors in pieces[0, used).
  struct Block {
    std::vector<Piece> pieces;
    uint32_t used = 0;
    uint64_t begin = 0;
    uint64_t end = 0;
  };

  void seed_initial_states() {
    std::vector<State> initial;
    s_.model.initial_states(initial);
    WBCHECK_CHECK(initial.size() <= VisitedStore::kMaxNodes, "too many initial states");
    Block& b = blocks_[0];
    b.used = 1;
    Piece& piece = b.pieces[0];
    piece.clear();
    for (size_t i = 0; i < initial.size(); ++i) piece.add(initial[i], static_cast<uint32_t>(i), 0);
    piece.fresh.assign(piece.fps.size(), 0);
    parallel_ = false;
    classify_block(b);
    if (s_.guard.growth_exceeds(s_.store.growth_bytes(fresh_per_shard()))) return s_.stop("max-memory");
    commit(b, 0, true);
  }

  // Every state at depth <= `depth` has been discovered and checked. While
  // the caller's thread commits block i, the other threads expand block i + 1.
  void expand_level(uint32_t depth) {
    s_.complete_depth = depth;
    first_id_ = s_.store.depth_start(depth);
    parallel_ = level_.size() >= kMinParallel;
    if (s_.sleep) {
      // The level's sleep sets, read by every thread while the commit
      // appends to the store's (sleep_sets.h: a level expands with the sets
      // it had when it began).
      level_sleeps_.resize(level_.size());
      for (uint64_t i = 0; i < level_.size(); ++i) level_sleeps_[i] = s_.sleeps[first_id_ + i];
    }
    const uint64_t width = kShare * pool_.size();
    const uint64_t count = (level_.size() + width - 1) / width;
    auto place = [&](uint64_t i) -> Block& {
      Block& b = blocks_[i % 2];
      b.begin = i * width;
      b.end = std::min(level_.size(), b.begin + width);
      return b;
    };
    expand_and_commit(place(0), nullptr, depth + 1);
    for (uint64_t i = 0; i < count && !s_.done; ++i) {
      if (s_.guard.interrupted()) return s_.stop("interrupted");
      if (s_.guard.time_exceeded_now()) return s_.stop("time-limit");
      if (s_.guard.progress_due_now()) s_.guard.report_progress(s_.store.size(), depth, level_.size() - i * width);
      Block& b = blocks_[i % 2];
      classify_block(b);
      if (s_.guard.growth_exceeds(s_.store.growth_bytes(fresh_per_shard()))) return s_.stop("max-memory");
      if (i + 1 < count) {
        expand_and_commit(place(i + 1), &b, depth + 1);
      } else {
        commit(b, depth + 1, false);
      }
      level_.release_before(b.end);
      if (!s_.done && s_.guard.memory_exceeded(s_.store.size(), memory_estimate())) s_.stop("max-memory");
    }
    if (s_.sleep && !s_.done) wake(depth);
  }

  // Sleep sets, once level `depth` is committed: what arrivals woke, on the
  // caller's thread, as the one-thread search does (bfs_search.h).
  void wake(uint32_t depth) {
    if constexpr (SleepModel<M>) {
      shards_.reset(VisitedStore::kShards);
      index_shards();  // the last commit's nodes, for state_of() and discover()
      ThreadScratch<Action>& x = scratch_[0];
      uint32_t id;
      uint8_t asleep, woken;
      while (!s_.done && s_.sleeps.take_woken(id, asleep, woken)) {
        if (s_.wake_stopped()) break;
        ++s_.sleep_wakeups;
        const State s = s_.state_of(id);
        x.enabled.clear();
        s_.model.actions(s, x.enabled);
        stubborn_actions(s_.model, s, x.enabled, x.por);
        sleep_steps(x.por, asleep, woken, x.steps);
        for (size_t k = 0; k < x.steps.size() && !s_.done; ++k) {
          uint8_t sleep = x.steps[k].sleep;
          const State next = s_.model.apply(s, x.enabled[x.steps[k].action], sleep);
          ++s_.stats.transitions;
          s_.discover(
              next, Node{id, depth + 1, static_cast<uint16_t>(x.steps[k].action)}, sleep,
              [&](const State& y, uint32_t) { next_.push_back(y); }, [&] { return memory_estimate(); });
        }
      }
    }
  }

  // Phase 1 of block `expand` on every thread, with phase 3 of block
  // `commit_block` (if any) on the caller's thread first.
  void expand_and_commit(Block& expand, Block* commit_block, uint32_t depth) {
    expand.used = static_cast<uint32_t>((expand.end - expand.begin + kPiece - 1) / kPiece);
    parts_.reset(expand.used);
    std::exception_ptr error;
    on_threads([&](unsigned t) {
      if (t == 0 && commit_block != nullptr) {
        try {
          commit(*commit_block, depth, false);
        } catch (...) {
          error = std::current_exception();  // rethrown once the others are done with the pieces
        }
      }
      uint32_t p;
      while (parts_.take(p)) expand_piece(t, expand, p);
    });
    if (error) std::rethrow_exception(error);
  }

  // Phase 2 of block b, a shard at a time, each first brought up to date
  // with the previous commit's nodes.
  void classify_block(Block& b) {
    shards_.reset(VisitedStore::kShards);
    on_threads([&](unsigned t) {
      uint32_t s;
      while (shards_.take(s)) {
        index_shard(static_cast<int>(s));
        classify(t, b, static_cast<int>(s));
      }
    });
  }

  std::array<uint64_t, VisitedStore::kShards> fresh_per_shard() const {
    std::array<uint64_t, VisitedStore::kShards> fresh{};
    for (int s = 0; s < VisitedStore::kShards; ++s) fresh[s] = findings_[s].fresh;
    return fresh;
  }

  // job(t) on every thread t, or on the caller's alone for narrow levels.
  template <class Job>
  void on_threads(const Job& job) {
    if (!parallel_ || pool_.size() == 1) return job(0);
    pool_.run([&](unsigned t) { job(t); });
  }

  void index_shards() {
    uint32_t s;
    while (shards_.take(s)) index_shard(static_cast<int>(s));
  }

  // Enters the nodes the last commit stored in shard s into its table.
  void index_shard(int s) {
    for (uint32_t id : findings_[s].new_ids) s_.store.index_node(id);
    findings_[s].new_ids.clear();
  }

  // Phase 1: the parents of piece p of block b.
  void expand_piece(unsigned t, Block& b, uint32_t p) {
    Piece& piece = b.pieces[p];
    piece.clear();
    const uint64_t from = b.begin + p * kPiece;
    const uint64_t to = std::min(b.end, from + kPiece);
    try {
      for (uint64_t i = from; i < to; ++i) expand(t, piece, level_[i], static_cast<uint32_t>(first_id_ + i));
    } catch (...) {
      piece.expand_error = std::current_exception();
    }
    piece.fresh.assign(piece.fps.size(), 0);
  }

  // The action index recorded is into the full actions() list, so traces
  // replay under the full semantics.
  void expand(unsigned t, Piece& piece, const State& s, uint32_t id) {
    std::vector<Action>& enabled = scratch_[t].enabled;
    enabled.clear();
    s_.model.actions(s, enabled);
    WBCHECK_CHECK(enabled.size() <= VisitedStore::kMaxActions, "more than 65536 actions enabled in one state");
    if constexpr (SleepModel<M>) {
      if (s_.sleep) {
        ThreadScratch<Action>& x = scratch_[t];
        stubborn_actions(s_.model, s, enabled, x.por);
        sleep_steps(x.por, level_sleeps_[id - first_id_], -1, x.steps);
        for (const SleepStep& step : x.steps) {
          uint8_t sleep = step.sleep;
          const State next = s_.model.apply(s, enabled[step.action], sleep);
          piece.add(next, id, static_cast<uint16_t>(step.action), sleep);
        }
        return;
      }
    }
    if constexpr (ReducibleModel<M>) {
      if (s_.reduce) {
        stubborn_actions(s_.model, s, enabled, scratch_[t].por);
        for (uint32_t i : scratch_[t].por.keep) piece.add(s_.model.apply(s, enabled[i]), id, static_cast<uint16_t>(i));
        return;
      }
    }
    for (size_t i = 0; i < enabled.size(); ++i) piece.add(s_.model.apply(s, enabled[i]), id, static_cast<uint16_t>(i));
  }

  // Phase 2 for shard s: which of its candidates come first, and the
  // invariants on those. Stops at the first invariant that throws: the
  // commit gets there before it needs anything later of this shard.
  void classify(unsigned t, Block& b, int s) {
    constexpr size_t kAhead = 8;  // home slots are prefetched this many candidates ahead
    ShardFindings& found = findings_[s];
    found.clear();
    auto& seen = scratch_[t].seen;
    seen.clear();
    for (uint32_t p = 0; p < b.used; ++p) {
      Piece& piece = b.pieces[p];
      const std::vector<uint32_t>& mine = piece.by_shard[s];
      for (size_t j = 0; j < mine.size(); ++j) {
        if (j + kAhead < mine.size()) s_.store.prefetch(piece.fps[mine[j + kAhead]]);
        const uint32_t i = mine[j];
        if (s_.store.find(piece.fps[i]).has_value() || !seen.insert(piece.fps[i]).second) continue;
        piece.fresh[i] = 1;
        ++found.fresh;
        if (!check_invariants(found, piece, p, i)) return;
      }
    }
  }

  // False if an invariant threw.
  bool check_invariants(ShardFindings& found, const Piece& piece, uint32_t p, uint32_t i) {
    const auto& invariants = s_.invariants;
    try {
      for (size_t k = 0; k < invariants.size(); ++k) {
        if (!invariants[k].holds(piece.states[i])) found.violations.push_back({p, i, static_cast<uint32_t>(k)});
      }
    } catch (...) {
      found.check_error = std::current_exception();
      found.error_piece = p;
      found.error_index = i;
      return false;
    }
    return true;
  }

  // Phase 3: the one-thread search's discover(), candidate by candidate.
  void commit(const Block& b, uint32_t depth, bool seed) {
    std::array<size_t, VisitedStore::kShards> next_violation{};
    committed_.clear();
    for (uint32_t p = 0; p < b.used; ++p) {
      const Piece& piece = b.pieces[p];
      for (uint32_t i = 0; i < piece.fps.size(); ++i) {
        if (!seed) ++s_.stats.transitions;
        if (s_.guard.states_full(s_.store.size())) {
          if (piece.fresh[i]) return s_.stop("max-states");
          ++s_.stats.matched;
          if (s_.sleep) arrive(piece.fps[i], piece.sleeps[i], depth);  // as search_state.h's discover()
          continue;
        }
        if (!piece.fresh[i]) {
          ++s_.stats.matched;
          if (s_.sleep) arrive(piece.fps[i], piece.sleeps[i], depth);
          continue;
        }
        const int s = VisitedStore::shard_index(piece.fps[i]);
        ShardFindings& found = findings_[s];
        if (found.check_error && found.error_piece == p && found.error_index == i) {
          std::rethrow_exception(found.check_error);
        }
        const uint32_t id = s_.store.add_node(piece.fps[i], Node{piece.parents[i], depth, piece.actions[i]});
        found.new_ids.push_back(id);
        if (s_.sleep) {
          s_.sleeps.add(piece.sleeps[i]);
          committed_.emplace(piece.fps[i], id);
        }
        next_.push_back(piece.states[i]);
        s_.stats.max_depth = std::max<uint64_t>(s_.stats.max_depth, depth);
        for (size_t& at = next_violation[s];
             at < found.violations.size() && found.violations[at].piece == p && found.violations[at].index == i; ++at) {
          s_.violated(found.violations[at].invariant, id);
        }
        if (s_.all_violated()) {
          s_.done = true;  // nothing left to find; not a limit
          return;
        }
      }
      if (piece.expand_error) std::rethrow_exception(piece.expand_error);
    }
  }

  // A candidate reached stored node fp with sleep set `sleep`. Nodes of this
  // commit are not in the store's tables yet; those of earlier ones are.
  void arrive(const Fingerprint& fp, uint8_t sleep, uint32_t depth) {
    const auto it = committed_.find(fp);
    const std::optional<uint32_t> id = it != committed_.end() ? std::optional<uint32_t>(it->second) : s_.store.find(fp);
    WBCHECK_CHECK(id.has_value(), "a candidate that is not fresh is not stored");
    s_.sleeps.arrive(*id, sleep, s_.store.first_id_from(depth));
  }

  uint64_t memory_estimate() const {
    uint64_t bytes = s_.store.bytes() + s_.sleeps.bytes() + level_.bytes() + next_.bytes() + level_sleeps_.capacity() +
                     committed_.capacity() * (sizeof(Fingerprint) + sizeof(uint32_t) + 1);
    for (const Block& b : blocks_) {
      for (const Piece& piece : b.pieces) bytes += piece.bytes();
    }
    for (const ShardFindings& f : findings_) {
      bytes += f.violations.capacity() * sizeof(ShardFindings::Violation) + f.new_ids.capacity() * sizeof(uint32_t);
    }
    return bytes;
  }

  SearchState<M> s_;
  WorkerPool pool_;
  std::vector<ThreadScratch<Action>> scratch_;  // per thread
  std::array<Block, 2> blocks_;                 // the one committed, the one expanded meanwhile
  std::array<ShardFindings, VisitedStore::kShards> findings_;  // of the block being classified
  WorkCounter parts_;   // pieces of phase 1
  WorkCounter shards_;  // shards of phase 2 and of indexing
  bool parallel_ = false;     // the current level is wide enough for the pool
  uint32_t first_id_ = 0;     // of the level being expanded
  LevelStates<State> level_;  // the level being expanded, by id - first_id_
  LevelStates<State> next_;   // the next level, as it is discovered
  std::vector<uint8_t> level_sleeps_;  // sleep sets: the level's, by id - first_id_
  absl::flat_hash_map<Fingerprint, uint32_t> committed_;  // sleep sets: the nodes of the commit under way
};

}  // namespace wbcheck::checker::detail
