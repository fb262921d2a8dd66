// Partial-order reduction (checker/por.h) on toy models whose reduced and
// unreduced state counts are worked out by hand below, so the expected
// numbers do not come from the program.
#include <cstdint>
#include <vector>

#include "checker/bfs.h"
#include "checker/por.h"
#include "checker/sleep_sets.h"
#include "gtest/gtest.h"

namespace wbcheck::checker {
namespace {

// Processes whose steps carry their own pc; an action is "process p steps".
struct Step {
  uint32_t proc;
};

// N processes, each counting its own pc from 0 to K; process p's steps touch
// only resource p. Unreduced: every pc vector, (K + 1)^N states. Reduced:
// every process is independent of every other, so each seed's stubborn set is
// the seed alone (cost 1) and the tie goes to the lowest enabled process:
// process 0 runs to K, then 1, and so on, 1 + N * K states on one path.
struct IndependentCounters {
  struct State {
    uint8_t pc[3];
  };
  using Action = Step;
  static constexpr int N = 3, K = 2;

  void initial_states(std::vector<State>& out) const { out.push_back({{0, 0, 0}}); }
  void actions(const State& s, std::vector<Action>& out) const {
    for (uint32_t p = 0; p < N; ++p) {
      if (s.pc[p] < K) out.push_back({p});
    }
  }
  State apply(State s, const Action& a) const {
    s.pc[a.proc]++;
    return s;
  }
  StepInfo describe(const State&, const Action&) const { return {"P", "inc", "toy.c"}; }
  std::vector<Change> changes(const State&, const State&) const { return {}; }
  void processes(const State& s, std::vector<ProcessInfo>& out) const {
    out.assign(N, ProcessInfo{});
    for (int p = 0; p < N; ++p) {
      ProcessInfo& i = out[p];
      i.done = s.pc[p] == K;
      i.enabled = !i.done;
      if (i.done) continue;
      i.next_reads = i.next_writes = i.all_reads = i.all_writes = uint64_t{1} << p;
      for (int k = 0; k < ProcessInfo::kMaxHolds; ++k) {
        i.until_reads[k] = i.until_writes[k] = i.all_writes;
      }
    }
  }
  int process_of(const Action& a) const { return static_cast<int>(a.proc); }
};

// Two processes P and Q, each: pc 0 a private step (resource o_p), pc 1 lock L
// (waits until nobody holds it), pc 2 a step on shared X, pc 3 unlock, pc 4
// done. Resources: o_P = bit 0, o_Q = bit 1, L = bit 2, X = bit 3; hold class
// 0 is "holds L" (pc 2 or 3).
//
// Unreduced: any pair of pcs in 0..4 except both holding L (pc 2 or 3 each):
// 25 - 4 = 21 states.
// Reduced (seeds tried in order P, Q; the fewest enabled actions win, ties to
// the lower seed): (0,0) seed P's private step conflicts with nothing of Q:
// {P} -> (1,0). There P's lock conflicts with Q's lock (cost 2) while Q's
// private step conflicts with nothing P does: {Q} -> (1,1). Both locks
// conflict: {P, Q} -> (2,1), (1,2). At (2,1) Q waits for L, which P holds: Q
// can do nothing before P moves, so P runs alone to (3,1), (4,1), then Q to
// (4,2), (4,3), (4,4); symmetrically (1,3), (1,4), (2,4), (3,4). States:
// (0,0) (1,0) (1,1) (2,1) (3,1) (4,1) (4,2) (4,3) (4,4) (1,2) (1,3) (1,4)
// (2,4) (3,4) = 14.
struct LockedCounters {
  struct State {
    uint8_t pc[2];
  };
  using Action = Step;
  static constexpr uint64_t kL = 1u << 2, kX = 1u << 3;

  static bool holds(const State& s, int p) { return s.pc[p] == 2 || s.pc[p] == 3; }
  static bool enabled(const State& s, int p) { return s.pc[p] < 4 && (s.pc[p] != 1 || !holds(s, 1 - p)); }
  static uint64_t step_res(int p, int pc) {
    switch (pc) {
      case 0: return uint64_t{1} << p;
      case 1: case 3: return kL;
      case 2: return kX;
      default: return 0;
    }
  }
  void initial_states(std::vector<State>& out) const { out.push_back({{0, 0}}); }
  void actions(const State& s, std::vector<Action>& out) const {
    for (uint32_t p = 0; p < 2; ++p) {
      if (enabled(s, static_cast<int>(p))) out.push_back({p});
    }
  }
  State apply(State s, const Action& a) const {
    s.pc[a.proc]++;
    return s;
  }
  StepInfo describe(const State&, const Action&) const { return {"P", "step", "toy.c"}; }
  std::vector<Change> changes(const State&, const State&) const { return {}; }
  void processes(const State& s, std::vector<ProcessInfo>& out) const {
    out.assign(2, ProcessInfo{});
    for (int p = 0; p < 2; ++p) {
      ProcessInfo& i = out[p];
      i.done = s.pc[p] == 4;
      if (i.done) continue;
      i.enabled = enabled(s, p);
      i.next_reads = i.next_writes = step_res(p, s.pc[p]);
      for (int pc = s.pc[p]; pc < 4; ++pc) i.all_reads = i.all_writes |= step_res(p, pc);
      // Before a lock that another holds: only the private step, if still ahead.
      const uint64_t until = s.pc[p] == 0 ? step_res(p, 0) : s.pc[p] == 1 ? 0 : i.all_writes;
      i.until_reads[0] = i.until_writes[0] = until;
      i.holds = holds(s, p) ? 1u : 0u;
      if (!i.enabled) {
        i.enablers = uint64_t{1} << (1 - p);  // the holder must unlock
        i.enablers_any_one = true;
      }
    }
  }
  int process_of(const Action& a) const { return static_cast<int>(a.proc); }
};

// Sleep sets (checker/sleep_sets.h). P: a := 1; Q: b := 1; R: r := a + 2b
// (one step each; resources a = bit 0, b = bit 1, r = bit 2). P and Q are
// independent, R depends on both.
//
// Unreduced: before R runs, (a, b) is any of 4; R records r = a + 2b and the
// rest of P and Q runs after it: r = 0 with 4 (a, b), r = 1 with b in {0, 1},
// r = 2 with a in {0, 1}, r = 3 with (1, 1): 4 + 4 + 2 + 2 + 1 = 13 states.
// Transitions: before R, from (0,0) 3, (1,0) 2, (0,1) 2, (1,1) 1; after R,
// r = 0: 2 + 1 + 1 + 0, r = 1: 1 + 0, r = 2: 1 + 0: 8 + 6 = 14.
// Stubborn sets: while R has not run, any seed pulls in the other two (R
// reads what each writes), so everything is expanded: the 4 states and their
// 8 transitions. After R, P and Q are independent singletons and the lowest
// (P) goes first: r = 0 runs P then Q, never reaching r = 0 with (0, 1):
// 12 states; transitions 8 + (1 + 1) + 1 + 1 = 12.
// Sleep sets on top: at (0,0) the stubborn set {P, Q, R} is expanded in that
// order; Q's successor (0,1) gets sleep {P} (P was expanded before Q and
// commutes with it), R's gets none (R depends on both). At (0,1) the stubborn
// set is {P, R}; P sleeps, so only R is expanded: P's step there would reach
// (1,1), which (1,0) reaches by Q. No state is lost (every arrival at (1,1)
// is by Q with an empty sleep set): 12 states, 12 - 1 = 11 transitions.
struct ReaderOfTwoWriters {
  struct State {
    uint8_t v[3];  // a, b, r
    uint8_t r_done;
  };
  using Action = Step;

  static bool done(const State& s, int p) { return p < 2 ? s.v[p] == 1 : s.r_done == 1; }
  void initial_states(std::vector<State>& out) const { out.push_back({{0, 0, 0}, 0}); }
  void actions(const State& s, std::vector<Action>& out) const {
    for (uint32_t p = 0; p < 3; ++p) {
      if (!done(s, static_cast<int>(p))) out.push_back({p});
    }
  }
  State apply(State s, const Action& a) const {
    if (a.proc < 2) {
      s.v[a.proc] = 1;
    } else {
      s.v[2] = static_cast<uint8_t>(s.v[0] + 2 * s.v[1]);
      s.r_done = 1;
    }
    return s;
  }
  State apply(const State& s, const Action& a, uint8_t&) const { return apply(s, a); }
  StepInfo describe(const State&, const Action&) const { return {"P", "step", "toy.c"}; }
  std::vector<Change> changes(const State&, const State&) const { return {}; }
  void processes(const State& s, std::vector<ProcessInfo>& out) const {
    out.assign(3, ProcessInfo{});
    for (int p = 0; p < 3; ++p) {
      ProcessInfo& i = out[p];
      i.stable = p;
      i.done = done(s, p);
      i.enabled = !i.done;
      if (i.done) continue;
      i.next_writes = p < 2 ? uint64_t{1} << p : 4;
      i.next_reads = p < 2 ? i.next_writes : 7;
      i.all_reads = i.next_reads;
      i.all_writes = i.next_writes;
      for (int k = 0; k < ProcessInfo::kMaxHolds; ++k) {
        i.until_reads[k] = i.all_reads;
        i.until_writes[k] = i.all_writes;
      }
    }
  }
  int process_of(const Action& a) const { return static_cast<int>(a.proc); }
};

static_assert(ReducibleModel<IndependentCounters>);
static_assert(SleepModel<ReaderOfTwoWriters>);
static_assert(ReducibleModel<LockedCounters>);

template <class M>
Stats counts(const M& m, Reduction r) {
  return check(m, std::vector<Invariant<typename M::State>>{}, Limits{}, r).stats;
}

TEST(PorToy, IndependentCountersRunOneProcessAtATime) {
  IndependentCounters m;
  EXPECT_EQ(counts(m, Reduction::kNone).states, 27u);      // 3^3
  EXPECT_EQ(counts(m, Reduction::kStubborn).states, 7u);   // 1 + 3 * 2
  EXPECT_EQ(counts(m, Reduction::kStubborn).transitions, 6u);
}

TEST(PorToy, LockedCountersKeepOnlyTheLockOrders) {
  LockedCounters m;
  EXPECT_EQ(counts(m, Reduction::kNone).states, 21u);
  EXPECT_EQ(counts(m, Reduction::kStubborn).states, 14u);
}

}  // namespace
}  // namespace wbcheck::checker

namespace wbcheck::checker {
namespace {

TEST(PorToy, SleepSetsSkipTheStepAnotherOrderCovers) {
  ReaderOfTwoWriters m;
  const Stats full = counts(m, Reduction::kNone);
  EXPECT_EQ(full.states, 13u);
  EXPECT_EQ(full.transitions, 14u);
  const Stats stubborn = counts(m, Reduction::kStubborn);
  EXPECT_EQ(stubborn.states, 12u);
  EXPECT_EQ(stubborn.transitions, 12u);
  const Stats sleep = counts(m, Reduction::kSleep);
  EXPECT_EQ(sleep.states, 12u);
  EXPECT_EQ(sleep.transitions, 11u);
  EXPECT_EQ(sleep.sleep_wakeups, 0u);
  EXPECT_TRUE(sleep.sleep_sets);
  // The same on two threads (levels this narrow run on the caller's thread,
  // through the parallel search's own expansion and commit).
  Limits two;
  two.threads = 2;
  const Stats sleep2 = check(m, std::vector<Invariant<ReaderOfTwoWriters::State>>{}, two, Reduction::kSleep).stats;
  EXPECT_EQ(sleep2.states, 12u);
  EXPECT_EQ(sleep2.transitions, 11u);
}

}  // namespace
}  // namespace wbcheck::checker
