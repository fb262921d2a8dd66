// Partial-order reduction (checker/por.h) on toy models whose reduced and
// unreduced state counts are worked out by hand below, so the expected
// numbers do not come from the program.
#include <cstdint>
#include <vector>

#include "checker/bfs.h"
#include "checker/por.h"
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

static_assert(ReducibleModel<IndependentCounters>);
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
