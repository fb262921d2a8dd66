// Partial-order reduction against full enumeration on seeded random toy
// models: three processes of three steps over three variables, each step
// reading and writing random variables, and some steps staying where they
// are while a variable they read is nonzero (so that states are reached by
// paths of different lengths, at different BFS levels: what makes a state
// reached again with a smaller sleep set, checker/sleep_sets.h).
//
// What must hold (por.h, sleep_sets.h): every terminal state of the full
// graph is reached by the reduced searches. The test enumerates the full
// graph itself (a plain BFS here, not the checker), and gives the checker one
// invariant per terminal state, "not this state"; each must be violated, with
// stubborn sets alone and with sleep sets, on one thread and on two.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "checker/bfs.h"
#include "checker/por.h"
#include "checker/sleep_sets.h"
#include "gtest/gtest.h"

namespace wbcheck::checker {
namespace {

constexpr int kProcs = 3, kSteps = 3, kVars = 3;

struct ToyStep {
  uint8_t reads = 0, writes = 0;  // variable bit sets
  uint8_t salt = 0;
  bool stays_while_nonzero = false;  // stays at its pc while its first read variable is nonzero
};

struct ToyState {
  uint8_t pc[kProcs];
  uint8_t v[kVars];
  bool operator<(const ToyState& o) const { return std::memcmp(this, &o, sizeof *this) < 0; }
};

struct ToyAction {
  uint32_t proc;
};

struct RandomToy {
  using State = ToyState;
  using Action = ToyAction;
  ToyStep step[kProcs][kSteps];

  void initial_states(std::vector<State>& out) const { out.push_back(State{}); }
  void actions(const State& s, std::vector<Action>& out) const {
    for (uint32_t p = 0; p < kProcs; ++p) {
      if (s.pc[p] < kSteps) out.push_back({p});
    }
  }
  State apply(State s, const Action& a) const {
    const ToyStep& t = step[a.proc][s.pc[a.proc]];
    unsigned seen = t.salt;
    for (int v = 0; v < kVars; ++v) {
      if (t.reads >> v & 1) seen = seen * 7 + s.v[v];
    }
    bool stay = false;
    if (t.stays_while_nonzero && t.reads) stay = s.v[__builtin_ctz(t.reads)] != 0;
    for (int v = 0; v < kVars; ++v) {
      if (t.writes >> v & 1) s.v[v] = static_cast<uint8_t>((seen + v) % 3);
    }
    if (!stay) ++s.pc[a.proc];
    return s;
  }
  State apply(const State& s, const Action& a, uint8_t&) const { return apply(s, a); }
  StepInfo describe(const State&, const Action&) const { return {"P", "step", "toy.c"}; }
  std::vector<Change> changes(const State&, const State&) const { return {}; }
  void processes(const State& s, std::vector<ProcessInfo>& out) const {
    out.assign(kProcs, ProcessInfo{});
    for (int p = 0; p < kProcs; ++p) {
      ProcessInfo& i = out[p];
      i.stable = p;
      i.done = s.pc[p] == kSteps;
      i.enabled = !i.done;
      if (i.done) continue;
      const ToyStep& t = step[p][s.pc[p]];
      i.next_reads = t.reads;
      i.next_writes = t.writes;
      for (int k = s.pc[p]; k < kSteps; ++k) {
        i.all_reads |= step[p][k].reads;
        i.all_writes |= step[p][k].writes;
      }
      for (int k = 0; k < ProcessInfo::kMaxHolds; ++k) {
        i.until_reads[k] = i.all_reads;
        i.until_writes[k] = i.all_writes;
      }
    }
  }
  int process_of(const Action& a) const { return static_cast<int>(a.proc); }
};
static_assert(SleepModel<RandomToy>);

RandomToy random_toy(std::mt19937& rng) {
  RandomToy m;
  for (auto& program : m.step) {
    for (ToyStep& t : program) {
      t.reads = static_cast<uint8_t>(rng() % 8);
      t.writes = static_cast<uint8_t>(rng() % 3 == 0 ? 0 : 1u << (rng() % kVars));
      t.salt = static_cast<uint8_t>(rng() % 5);
      t.stays_while_nonzero = rng() % 3 == 0;
    }
  }
  return m;
}

// The terminal states of the full graph, by a BFS of its own.
std::set<ToyState> terminal_states(const RandomToy& m) {
  std::set<ToyState> seen{ToyState{}}, terminal;
  std::deque<ToyState> queue{ToyState{}};
  std::vector<ToyAction> actions;
  while (!queue.empty()) {
    const ToyState s = queue.front();
    queue.pop_front();
    actions.clear();
    m.actions(s, actions);
    if (actions.empty()) terminal.insert(s);
    for (const ToyAction& a : actions) {
      const ToyState n = m.apply(s, a);
      if (seen.insert(n).second) queue.push_back(n);
    }
  }
  return terminal;
}

TEST(PorRandomToy, ReducedSearchesReachEveryTerminalState) {
  std::mt19937 rng(20261126);
  int wakeups = 0, fewer_transitions = 0;
  for (int i = 0; i < 400; ++i) {
    const RandomToy m = random_toy(rng);
    const std::set<ToyState> terminal = terminal_states(m);
    std::vector<Invariant<ToyState>> not_terminal;
    for (const ToyState& t : terminal) {
      not_terminal.push_back({"t" + std::to_string(not_terminal.size()),
                              [t](const ToyState& s) { return std::memcmp(&s, &t, sizeof s) != 0; }});
    }
    Limits two;
    two.threads = 2;
    const Result<RandomToy> full = check(m, not_terminal, Limits{}, Reduction::kNone);
    for (const auto& [reduction, limits, what] :
         {std::tuple{Reduction::kStubborn, Limits{}, "stubborn"}, std::tuple{Reduction::kSleep, Limits{}, "sleep"},
          std::tuple{Reduction::kSleep, two, "sleep, two threads"}}) {
      SCOPED_TRACE("toy #" + std::to_string(i) + ", " + what);
      const Result<RandomToy> r = check(m, not_terminal, limits, reduction);
      for (const auto& p : r.properties) ASSERT_EQ(p.status, Status::kViolated) << p.id;
      EXPECT_LE(r.stats.states, full.stats.states);
      if (reduction == Reduction::kSleep) {
        wakeups += r.stats.sleep_wakeups > 0;
        const Result<RandomToy> stubborn = check(m, not_terminal, Limits{}, Reduction::kStubborn);
        EXPECT_LE(r.stats.transitions, stubborn.stats.transitions);
        fewer_transitions += r.stats.transitions < stubborn.stats.transitions;
      }
    }
  }
  // The sample exercises what it is meant to: states woken again, and sleep
  // sets that save steps.
  EXPECT_GT(wakeups, 0);
  EXPECT_GT(fewer_transitions, 0);
}

// A search stopped by a state limit below what the reduced search stores is
// inconclusive, never complete: an arrival at a stored state still counts
// once the store is full (its sleep set shrinks, and the woken steps meet the
// limit), so a full store cannot end as "all states checked".
TEST(PorRandomToy, MaxStatesBelowTheReducedCountIsInconclusive) {
  std::mt19937 rng(20261127);
  const std::vector<Invariant<ToyState>> none;
  int with_wakeups = 0;
  for (int i = 0; i < 150; ++i) {
    const RandomToy m = random_toy(rng);
    const Stats all = check(m, none, Limits{}, Reduction::kSleep).stats;
    with_wakeups += all.sleep_wakeups > 0;
    for (unsigned threads : {1u, 2u}) {
      for (uint64_t k = all.states > 8 ? all.states - 8 : 1; k <= all.states; ++k) {
        SCOPED_TRACE("toy #" + std::to_string(i) + ", max_states " + std::to_string(k) + ", threads " +
                     std::to_string(threads));
        Limits limits;
        limits.max_states = k;
        limits.threads = threads;
        const Stats r = check(m, none, limits, Reduction::kSleep).stats;
        ASSERT_EQ(r.stopped_by, k < all.states ? "max-states" : "");
        ASSERT_EQ(r.states, k);
      }
    }
  }
  EXPECT_GT(with_wakeups, 0);
}

}  // namespace
}  // namespace wbcheck::checker
