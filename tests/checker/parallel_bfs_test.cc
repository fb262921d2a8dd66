// The parallel search (checker/parallel_bfs.h): on toy models, every thread
// count gives the one-thread Result, limits and exceptions included.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker/bfs.h"
#include "test_util.h"
#include "toy_models.h"

namespace wbcheck::checker {
namespace {

using testing::expect_same_result;

// A pseudo-random graph wide enough that levels are split among workers:
// node n has `fanout` successors spread over all nodes, and a self-loop now
// and then; several initial nodes, one listed twice.
struct WideGraph {
  struct State {
    uint32_t node;
  };
  struct Action {
    uint32_t to;
  };
  uint32_t nodes = 40000;
  uint32_t fanout = 3;

  void initial_states(std::vector<State>& out) const {
    for (uint32_t n : {0u, 7u, 7u, 123u}) out.push_back({n});
  }
  void actions(const State& s, std::vector<Action>& out) const {
    uint64_t x = s.node * 0x9E3779B97F4A7C15ULL + 1;
    for (uint32_t i = 0; i < fanout; ++i) {
      x ^= x >> 29;
      x *= 0xBF58476D1CE4E5B9ULL;
      out.push_back({static_cast<uint32_t>((x >> 20) % nodes)});
    }
    if (s.node % 11 == 0) out.push_back({s.node});
  }
  State apply(const State&, const Action& a) const { return {a.to}; }
  StepInfo describe(const State&, const Action&) const { return {"W", "edge", "toy.c"}; }
  std::vector<Change> changes(const State& a, const State& b) const {
    if (a.node == b.node) return {};
    return {{"node", a.node, b.node}};
  }
};
static_assert(Model<WideGraph>);

// Node 0 has `width` successors 1..width; node i in 1..width has one, width + i,
// except that applying it throws for i == throw_parent.
struct Fan {
  struct State {
    uint32_t v;
  };
  struct Action {
    uint32_t to;
  };
  uint32_t width = 1000;
  uint32_t throw_parent = 999;

  void initial_states(std::vector<State>& out) const { out.push_back({0}); }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.v == 0) {
      for (uint32_t i = 1; i <= width; ++i) out.push_back({i});
    } else if (s.v <= width) {
      out.push_back({s.v + width});
    }
  }
  State apply(const State& s, const Action& a) const {
    if (s.v == throw_parent) throw std::runtime_error("apply failed");
    return {a.to};
  }
  StepInfo describe(const State&, const Action&) const { return {"F", "edge", "toy.c"}; }
  std::vector<Change> changes(const State&, const State&) const { return {}; }
};
static_assert(Model<Fan>);

template <class M>
Result<M> run(const M& m, const std::vector<Invariant<typename M::State>>& inv, Limits limits, unsigned threads) {
  limits.threads = threads;
  return check(m, inv, limits);
}

// Threads 2, 3 and 4 against one thread, and the parallel engine itself on
// one thread (its block pipeline, not the one-thread search) too.
template <class M>
void expect_every_thread_count_alike(const M& m, const std::vector<Invariant<typename M::State>>& inv,
                                     const Limits& limits) {
  const Result<M> one = run(m, inv, limits, 1);
  for (unsigned t = 2; t <= 4; ++t) {
    SCOPED_TRACE("threads " + std::to_string(t));
    expect_same_result(one, run(m, inv, limits, t));
  }
  SCOPED_TRACE("parallel engine on one thread");
  expect_same_result(one, detail::ParallelBfsSearch<M>(m, inv, limits, false, 1).run());
}

using HugeState = testing::Huge::State;

std::vector<Invariant<HugeState>> huge_invariants() {
  return {{"c0-below-12", [](const HugeState& s) { return s.c[0] < 12; }},
          {"sum-not-30", [](const HugeState& s) { return s.c[0] + s.c[1] + s.c[2] + s.c[3] != 30; }},
          {"c3-below-200", [](const HugeState& s) { return s.c[3] < 200; }}};
}

TEST(ParallelBfsTest, ToyModelsAlike) {
  expect_every_thread_count_alike(testing::Counter{}, {}, Limits{});
  expect_every_thread_count_alike(testing::Grid{.a = 30, .b = 40}, {}, Limits{});
  const std::vector<Invariant<testing::Grid::State>> grid_inv = {
      {"x-small", [](const testing::Grid::State& s) { return s.x < 20; }},
      {"not-corner", [](const testing::Grid::State& s) { return s.x != 30 || s.y != 40; }}};
  expect_every_thread_count_alike(testing::Grid{.a = 30, .b = 40}, grid_inv, Limits{});
  testing::Graph g{{0, 2, 0}, {{1, 2}, {3}, {3, 0}, {}}};
  expect_every_thread_count_alike(g, {}, Limits{});
}

TEST(ParallelBfsTest, WideGraphAlike) {
  const std::vector<Invariant<WideGraph::State>> inv = {
      {"not-777", [](const WideGraph::State& s) { return s.node != 777; }},
      {"below-39990", [](const WideGraph::State& s) { return s.node < 39990; }}};
  expect_every_thread_count_alike(WideGraph{}, inv, Limits{});
  const Result<WideGraph> r = run(WideGraph{}, inv, Limits{}, 3);
  EXPECT_GT(r.stats.states, 30000u);  // wide levels: blocks were split among workers
}

// Stopping at exactly the same state, at every point of a block, on levels
// wide enough to be split among workers.
TEST(ParallelBfsTest, MaxStatesStopsAtTheSameState) {
  for (uint64_t max : {1ull, 2ull, 100ull, 4999ull, 5000ull, 20011ull, 60000ull}) {
    SCOPED_TRACE("max_states " + std::to_string(max));
    expect_every_thread_count_alike(testing::Huge{}, huge_invariants(), Limits{.max_states = max});
    expect_every_thread_count_alike(WideGraph{}, {}, Limits{.max_states = max});
  }
}

// Once every invariant is violated the search stops at that state.
TEST(ParallelBfsTest, StopsWhenEveryInvariantIsViolated) {
  const auto inv = huge_invariants();
  const std::vector<Invariant<HugeState>> two(inv.begin(), inv.begin() + 2);
  expect_every_thread_count_alike(testing::Huge{}, two, Limits{});
  const Result<testing::Huge> r = run(testing::Huge{}, two, Limits{}, 2);
  EXPECT_EQ(r.verdict, Verdict::kViolated);
  EXPECT_TRUE(r.stats.stopped_by.empty());
}

TEST(ParallelBfsTest, ExceptionsReachTheCaller) {
  for (unsigned t = 1; t <= 4; ++t) {
    EXPECT_THROW(run(testing::ThrowingCounter{}, {}, Limits{}, t), std::runtime_error) << t;
    EXPECT_THROW(run(Fan{}, {}, Limits{}, t), std::runtime_error) << t;
    // Levels of several blocks: the throwing parent's block is committed
    // while the next one is expanded.
    EXPECT_THROW(run(Fan{.width = 30000, .throw_parent = 2000}, {}, Limits{}, t), std::runtime_error) << t;
    const std::vector<Invariant<Fan::State>> throwing = {
        {"throws", [](const Fan::State& s) { return s.v == 1500 ? throw std::logic_error("invariant failed") : true; }}};
    EXPECT_THROW(run(Fan{.throw_parent = 0xFFFFFFFF}, throwing, Limits{}, t), std::logic_error) << t;
  }
}

// An exception the one-thread search would never reach, because max-states
// stops it first, is not thrown by the parallel one either, though its
// block expanded the throwing parent.
TEST(ParallelBfsTest, ExceptionPastAStopIsDropped) {
  const std::vector<Invariant<Fan::State>> throwing = {
      {"throws", [](const Fan::State& s) { return s.v == 1800 ? throw std::logic_error("invariant failed") : true; }}};
  expect_every_thread_count_alike(Fan{}, {}, Limits{.max_states = 1500});
  expect_every_thread_count_alike(Fan{.throw_parent = 0xFFFFFFFF}, throwing, Limits{.max_states = 1500});
  const Result<Fan> r = run(Fan{}, {}, Limits{.max_states = 1500}, 4);
  EXPECT_EQ(r.stats.states, 1500u);
  EXPECT_EQ(r.stats.stopped_by, "max-states");
  // The same with levels of several blocks: a later block, expanded while
  // the cut one is committed, holds the throwing parent.
  const Fan wide{.width = 30000, .throw_parent = 9000};
  expect_every_thread_count_alike(wide, {}, Limits{.max_states = 31000});
  EXPECT_EQ(run(wide, {}, Limits{.max_states = 31000}, 2).stats.states, 31000u);
}

}  // namespace
}  // namespace wbcheck::checker
