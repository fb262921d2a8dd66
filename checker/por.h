// Partial-order reduction by stubborn sets over processes.
//
// Which theorem. A stubborn set T of transitions in state s (Valmari, "Stubborn
// sets for reduced state space generation", 1991; "The state explosion
// problem", 1998, Theorem 2.2 for deadlocks) satisfies
//   D1  for every t in T and every sequence w of transitions outside T: if
//       s -w t-> s' then s -t w-> s' (t commutes with what others can do
//       without touching T);
//   D2  some enabled key transition in T stays enabled after any such w;
//   D0  (for disabled t in T) no sequence outside T enables t.
// Expanding only the enabled transitions of T in every state preserves every
// reachable terminal state (a state with no enabled transition: all done, or a
// deadlock). No cycle proviso is needed for that.
//
// Why terminal states are enough here. Every property the checker is given
// for a reducible model is stable: once false on a path it stays false
// (properties/README.md: sticky observations, and the three state invariants
// that could recover are recorded in sticky flags by the model). If some
// reachable state violates a stable property P, extend its path to a terminal
// state (the model's paths all end: every task's program finishes or blocks,
// model/README.md); P is still false there, and that terminal state, flags
// included, is reachable in the reduced graph, where the checker evaluates P.
// So "violated" is never turned into "holds". Deadlocks are terminal states, so
// no-deadlock is preserved too.
//
// How T is built. The model splits its transitions into processes (tasks, and
// each submitted I/O completion) and gives, per process, the resources (bits)
// its next step reads and writes, and those of every step it can still take
// (`all`, an over-approximation that does not depend on what other processes
// do). Two footprints conflict when one writes what the other reads or writes.
// Starting from one enabled process, T takes in:
//  - for an enabled process p in T, every process q outside T whose `all`
//    conflicts with p's next step (D1: steps of q, now or later, could run
//    before p's step and not commute with it; processes in T cannot move
//    without a transition of T, so their later steps are not in any w);
//    since processes in T do not move in w, what they hold stays held (a
//    lock, in a mode: the model's hold classes), and q's steps in w end at
//    its first step that waits for such a hold: only those (`until`, for the
//    hold classes of T) need to commute with p's step. T only grows, so a
//    process left out because of a hold stays rightly left out;
//  - for a disabled process in T, its enablers: processes one of whose next
//    steps lies on every path that enables it (D0). When each enabler alone
//    is such a set (every lock holder must release, every unfinished task
//    must finish), one already in T suffices, else the lowest is added.
// D2 holds for the seed: nothing outside T writes what its step reads, its
// enabling condition included. The checker tries every enabled process as the
// seed and keeps the T with the fewest enabled actions (ties: the lowest seed),
// so the choice is deterministic.
//
// Why the steps commute, property flags included. An independent pair of steps
// touches disjoint resources (or only resets the same ones), so both orders
// end in the same state, except for
// history-dependent sticky flags. The model makes a folio's flags count as its
// blocks' resources and makes a step that moves i_size write every block, so
// two independent steps never both change what one block's invariant reads;
// then the flags set along either order are the same (model/footprint.h).
//
// Tests: every pair of steps declared independent commutes in every reachable
// state of the examples (tests/model/footprint_test.cc), and POR on and off
// give the same verdict for every property on every policy x scenario in
// examples/ and on seeded random scenarios (tests/cli/por_equivalence_test.cc).
#pragma once

#include <concepts>
#include <cstdint>
#include <vector>

#include "checker/check.h"
#include "checker/model.h"

namespace wbcheck::checker {

// Footprints as resource bit sets: `reads`, `writes`, and `resets`, writes
// that commute with each other in any order (setting a value nobody reads in
// between, a max-update); a reset still conflicts with a read or a write.
struct ProcessInfo {
  // Hold classes (at most kMaxHolds): conditions a process keeps true while
  // it does not move, such as "holds IOLOCK exclusive".
  static constexpr int kMaxHolds = 4;

  uint64_t next_reads = 0, next_writes = 0, next_resets = 0;  // its next step, in this state
  uint64_t all_reads = 0, all_writes = 0, all_resets = 0;     // every step it can still take, next included
  bool enabled = false;
  bool done = true;
  uint64_t enablers = 0;  // disabled: bit i = process i (see D0 above)
  bool enablers_any_one = false;  // every enabler alone is a necessary enabling set
  uint32_t holds = 0;  // bit k: hold class k is true of this process now
  // until_*[k]: every step it can take while some other process keeps hold
  // class k true (its steps before one that waits for that process), a
  // subset of all_*.
  uint64_t until_reads[kMaxHolds] = {}, until_writes[kMaxHolds] = {}, until_resets[kMaxHolds] = {};
  // For sleep sets (checker/sleep_sets.h): a name 0..7 this process keeps in
  // every successor reached by another process's step, up to the renaming
  // the model reports; -1 when it has none (it may vanish or be renumbered).
  int stable = -1;
};

template <class M>
concept ReducibleModel = Model<M> && requires(const M& m, const typename M::State& s, const typename M::Action& a,
                                              std::vector<ProcessInfo>& processes) {
  // The processes of s, indexed 0..n-1 (n <= 64).
  { m.processes(s, processes) } -> std::same_as<void>;
  // The process an action of s belongs to.
  { m.process_of(a) } -> std::same_as<int>;
};

namespace detail {

// Whether p's next step conflicts with a step q can take while the processes
// of T do not move, which keeps the hold classes `held` true: q's steps up to
// the first one that waits for such a hold.
inline bool conflict(const ProcessInfo& p, const ProcessInfo& q, uint32_t held) {
  uint64_t reads = q.all_reads, writes = q.all_writes, resets = q.all_resets;
  for (uint32_t h = held; h; h &= h - 1) {
    const int k = __builtin_ctz(h);
    reads &= q.until_reads[k];
    writes &= q.until_writes[k];
    resets &= q.until_resets[k];
  }
  const uint64_t mine = p.next_reads | p.next_writes | p.next_resets;
  const uint64_t theirs = reads | writes | resets;
  return (p.next_writes & theirs) || (writes & mine) || (p.next_resets & reads) || (resets & p.next_reads);
}

// Whether the next steps of p and q commute (neither writes what the other
// reads, writes or resets, and no reset meets a read).
inline bool independent_next(const ProcessInfo& p, const ProcessInfo& q) {
  const uint64_t pa = p.next_reads | p.next_writes | p.next_resets;
  const uint64_t qa = q.next_reads | q.next_writes | q.next_resets;
  return !((p.next_writes & qa) || (q.next_writes & pa) || (p.next_resets & q.next_reads) ||
           (q.next_resets & p.next_reads));
}

// The stubborn set grown from `seed`, as a process bit mask.
inline uint64_t stubborn_closure(const std::vector<ProcessInfo>& ps, int seed) {
  const int n = static_cast<int>(ps.size());
  uint64_t in = uint64_t{1} << seed, todo = in;
  uint32_t held = ps[seed].holds;  // by processes in T, which stay frozen in every w
  while (todo) {
    const int p = __builtin_ctzll(todo);
    todo &= todo - 1;
    uint64_t add = 0;
    if (ps[p].enabled) {
      for (int q = 0; q < n; ++q) {
        if (!(in >> q & 1) && !ps[q].done && conflict(ps[p], ps[q], held)) add |= uint64_t{1} << q;
      }
    } else if (ps[p].enablers_any_one) {
      // Each enabler must move before p can: one in T already suffices,
      // else take the lowest.
      if (!(ps[p].enablers & in) && ps[p].enablers) add = ps[p].enablers & (~ps[p].enablers + 1);
    } else {
      add = ps[p].enablers & ~in;
    }
    in |= add;
    todo |= add;
    for (uint64_t a = add; a; a &= a - 1) held |= ps[__builtin_ctzll(a)].holds;
  }
  return in;
}

}  // namespace detail

// Buffers reused from state to state (the reduction runs once per expansion).
struct PorScratch {
  std::vector<ProcessInfo> processes;
  std::vector<int> count;  // enabled actions per process
  std::vector<int> owner;  // process per action
  std::vector<uint32_t> keep;
};

// Sets x.keep to the indices (into `actions`, ascending) of the actions to
// expand in s: the enabled actions of the smallest stubborn set found.
template <ReducibleModel M>
void stubborn_actions(const M& m, const typename M::State& s, const std::vector<typename M::Action>& actions,
                      PorScratch& x) {
  std::vector<ProcessInfo>& ps = x.processes;
  std::vector<int>& count = x.count;
  std::vector<int>& owner = x.owner;
  std::vector<uint32_t>& keep = x.keep;
  keep.clear();
  m.processes(s, ps);
  WBCHECK_CHECK(ps.size() <= 64, "more than 64 processes");
  count.assign(ps.size(), 0);
  owner.resize(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    owner[i] = m.process_of(actions[i]);
    WBCHECK_CHECK(owner[i] >= 0 && owner[i] < static_cast<int>(ps.size()) && ps[owner[i]].enabled,
                  "an action of a process the model calls disabled");
    ++count[owner[i]];
  }
  uint64_t best = ~uint64_t{0};
  int best_cost = static_cast<int>(actions.size()) + 1;
  for (int seed = 0; seed < static_cast<int>(ps.size()); ++seed) {
    if (!ps[seed].enabled) continue;
    const uint64_t t = detail::stubborn_closure(ps, seed);
    int cost = 0;
    for (int p = 0; p < static_cast<int>(ps.size()); ++p) cost += (t >> p & 1) ? count[p] : 0;
    if (cost < best_cost) {
      best_cost = cost;
      best = t;
    }
  }
  for (size_t i = 0; i < actions.size(); ++i) {
    if (best >> owner[i] & 1) keep.push_back(static_cast<uint32_t>(i));
  }
}

}  // namespace wbcheck::checker
