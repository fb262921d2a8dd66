// Sleep sets on top of the stubborn sets of por.h, for a search that stores
// every state it reaches.
//
// Which theorem. Godefroid, "Partial-Order Methods for the Verification of
// Concurrent Systems" (LNCS 1032, 1996), ch. 5-6: a state s carries a sleep
// set Z(s) of transitions already explored from some state from which s was
// reached by independent steps; expanding only the persistent (here:
// stubborn) set minus Z(s), with the successor via the i-th expanded step t_i
// getting
//     { q in Z(s) + {t_1 .. t_(i-1)} : q independent of t_i in s },
// still reaches every terminal state (Theorem 6.14 there, deadlocks), so by
// por.h's argument every stable property keeps its verdict. With states
// stored, a state can be reached again with a sleep set that does not contain
// the stored one; then the stored set becomes the intersection and the steps
// that were asleep and no longer are get expanded from it (Godefroid's
// state-caching version, fig. 6.4: exploring more is never unsound). The
// search order is free: Z only shrinks, so this ends, and every step of the
// stubborn set outside the final Z(s) has been expanded from s.
//
// Granularity. A sleep set names processes, not single actions: a process
// goes to sleep once all of its actions in the stubborn set have been
// expanded, and only processes the model gives a stable name (tasks; not
// I/O completions, whose numbering moves) can sleep. Leaving a process out of
// a sleep set only means exploring more. Independence is por.h's
// independent_next() on the processes' next steps: a step of p that writes
// nothing q's next step reads (its enabling condition included) leaves q's
// actions exactly as they were, so "q's actions" is the same set in s and in
// the successor. When the model renames processes on the way (the symmetry
// quotient stores one state per orbit), apply() renames the sleep set with the
// state, so it names the same processes in the stored state.
//
// When states are reached again. Both searches (bfs_search.h, parallel_bfs.h)
// expand level L with the sleep sets they had when level L began; an arrival
// during level L at a state of level <= L that shrinks its set is remembered
// (SleepStore::arrive) and handled once the level is done, in id order: the
// state is rebuilt by replaying its path and the woken processes are expanded
// from it, their successors joining level L + 1. Arrivals at states of level
// L + 1 intersect at once (they are expanded later). So the two searches meet
// the same arrivals in the same order and give the same Result. A state a
// wakeup finds is stored at level L + 1 although its path can be shorter:
// with sleep sets, levels are discovery rounds rather than distances (a
// violated property reports its trace's length).
#pragma once

#include <concepts>
#include <cstdint>
#include <map>
#include <vector>

#include "checker/chunked_array.h"
#include "checker/por.h"

namespace wbcheck::checker {

// A ReducibleModel that names some processes stably (ProcessInfo::stable)
// and says how a step renames them: apply(s, a, sleep) is apply(s, a) and
// rewrites the bit set `sleep`, given in the names of s, into those of the
// state it returns.
template <class M>
concept SleepModel = ReducibleModel<M> && requires(const M& m, const typename M::State& s, const typename M::Action& a,
                                                   uint8_t& sleep) {
  { m.apply(s, a, sleep) } -> std::same_as<typename M::State>;
};

// One step to expand: the action's index and its successor's sleep set.
struct SleepStep {
  uint32_t action;
  uint8_t sleep;
};

// The steps to expand from a state whose stubborn set `x` (por.h) was just
// computed. First expansion (wake < 0): the stubborn set's processes not in
// `asleep`. Again after arrivals (wake >= 0): only the processes named in
// `wake`, those no longer asleep; `asleep` is then the shrunk set.
inline void sleep_steps(const PorScratch& x, uint8_t asleep, int wake, std::vector<SleepStep>& out) {
  const std::vector<ProcessInfo>& ps = x.processes;
  out.clear();
  int by_name[8];
  for (int& p : by_name) p = -1;
  for (int p = 0; p < static_cast<int>(ps.size()); ++p) {
    if (ps[p].stable >= 0 && ps[p].stable < 8) by_name[ps[p].stable] = p;
  }
  auto named = [&](int p) -> uint8_t { return ps[p].stable >= 0 && ps[p].stable < 8 ? uint8_t(1u << ps[p].stable) : 0; };
  auto expands = [&](int p) {
    const uint8_t n = named(p);
    return wake < 0 ? !(n & asleep) : (n & wake) != 0;
  };
  // The last expanded action of each process: once past it, the process's
  // steps have all been expanded and it can sleep in later successors.
  std::vector<int64_t> last(ps.size(), -1);
  for (uint32_t i : x.keep) {
    if (expands(x.owner[i])) last[x.owner[i]] = i;
  }
  for (uint32_t i : x.keep) {
    const int p = x.owner[i];
    if (!expands(p)) continue;
    uint8_t basis = asleep;
    for (int q = 0; q < static_cast<int>(ps.size()); ++q) {
      if (q != p && last[q] >= 0 && last[q] < i) basis |= named(q);
    }
    uint8_t sleep = 0;
    for (int b = 0; b < 8; ++b) {
      const int q = by_name[b];
      if ((basis >> b & 1) && q >= 0 && q != p && ps[q].enabled && detail::independent_next(ps[p], ps[q])) {
        sleep |= uint8_t(1u << b);
      }
    }
    out.push_back({i, sleep});
  }
}

// The sleep set of every stored state, by node id, and the arrivals that
// shrank a set of a state already (or about to be) expanded at this level.
class SleepStore {
 public:
  // The sleep set of the node stored next.
  void add(uint8_t sleep) { sets_.push_back(sleep); }
  uint8_t operator[](uint32_t id) const { return sets_[id]; }

  // A step reached stored node `id` with sleep set `sleep`; `next_level`:
  // the first id of the level being discovered (nodes from it on are not
  // expanded yet and just intersect).
  void arrive(uint32_t id, uint8_t sleep, uint32_t next_level) {
    if ((sets_[id] & ~sleep) == 0) return;  // nothing wakes
    if (id >= next_level) {
      sets_[id] &= sleep;
      return;
    }
    auto [it, inserted] = pending_.try_emplace(id, sets_[id]);
    it->second &= sleep;
  }

  // The lowest node whose set arrivals shrank: its id, its new set (stored
  // now) and the processes that woke. False when there is none.
  bool take_woken(uint32_t& id, uint8_t& asleep, uint8_t& woken) {
    if (pending_.empty()) return false;
    const auto it = pending_.begin();
    id = it->first;
    asleep = it->second;
    woken = sets_[id] & ~asleep;
    sets_[id] = asleep;
    pending_.erase(it);
    return true;
  }

  uint64_t bytes() const { return sets_.bytes() + pending_.size() * 48; }

 private:
  ChunkedArray<uint8_t> sets_;
  std::map<uint32_t, uint8_t> pending_;  // id order: both searches wake states alike
};

}  // namespace wbcheck::checker
