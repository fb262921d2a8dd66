// check(): state counts, shortest traces and verdicts on toy models whose
// numbers are worked out by hand in the comments.
#include "checker/bfs.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "checker/trace_replay.h"
#include "tests/checker/test_util.h"
#include "tests/checker/toy_models.h"

namespace wbcheck::checker {
namespace {

using testing::Counter;
using testing::Graph;
using testing::Grid;
using testing::same_trace;

template <class M>
using Invariants = std::vector<Invariant<typename M::State>>;

// (a) 0 -> 1 -> ... -> 10: 11 states, 10 transitions, none revisits, depth 10.
TEST(BfsTest, CounterCounts) {
  const auto r = check(Counter{.n = 10}, Invariants<Counter>{}, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kHolds);
  EXPECT_TRUE(r.properties.empty());
  EXPECT_EQ(r.stats.states, 11u);
  EXPECT_EQ(r.stats.transitions, 10u);
  EXPECT_EQ(r.stats.matched, 0u);
  EXPECT_EQ(r.stats.max_depth, 10u);
  EXPECT_EQ(r.stats.stopped_by, "");
  EXPECT_FALSE(r.stats.por);
  EXPECT_GT(r.stats.bytes_per_state, 0u);
  EXPECT_GT(r.stats.peak_rss_bytes, 0u);
  EXPECT_GE(r.stats.seconds, 0.0);
}

// (b) x in 0..3, y in 0..4: (3+1)(4+1) = 20 states. x+1 is enabled in the
// 3*5 states with x < 3, y+1 in the 4*4 states with y < 4: 15 + 16 = 31
// transitions. 19 of them discover the non-initial states, so 31 - 19 = 12
// revisits. Deepest state (3,4) at depth 3 + 4 = 7.
TEST(BfsTest, IndependentCountersCounts) {
  const auto r = check(Grid{.a = 3, .b = 4}, Invariants<Grid>{}, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kHolds);
  EXPECT_EQ(r.stats.states, 20u);
  EXPECT_EQ(r.stats.transitions, 31u);
  EXPECT_EQ(r.stats.matched, 12u);
  EXPECT_EQ(r.stats.max_depth, 7u);
}

// (d) An invariant true everywhere: holds, no trace, depth = max depth.
TEST(BfsTest, InvariantThatHolds) {
  const Invariants<Counter> invs{{"small", [](const Counter::State& s) { return s.v <= 10; }}};
  const auto r = check(Counter{.n = 10}, invs, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kHolds);
  ASSERT_EQ(r.properties.size(), 1u);
  EXPECT_EQ(r.properties[0].id, "small");
  EXPECT_EQ(r.properties[0].status, Status::kHolds);
  EXPECT_FALSE(r.properties[0].trace.has_value());
  EXPECT_EQ(r.properties[0].depth, 10u);
  EXPECT_EQ(r.stats.states, 11u);
}

// Grid 3x4, bad = x + y == 5. BFS levels (x+1 listed before y+1):
//   L0 (0,0)   L1 (1,0) (0,1)   L2 (2,0) (1,1) (0,2)
//   L3 (3,0) (2,1) (1,2) (0,3)  L4 (3,1) (2,2) (1,3) (0,4)
// The first level-5 state discovered is (3,2), from (3,1) where only y+1 is
// enabled (action index 0). So the trace is x,x,x,y,y. The only invariant is
// then violated and the search stops: 1+2+3+4+4 = 14 states plus (3,2) = 15;
// transitions L0:2 L1:4 L2:6 L3:1+2+2+2=7 L4:1 = 20; revisits 20 - 14 = 6.
TEST(BfsTest, FirstViolationFollowsBfsOrder) {
  const Invariants<Grid> invs{{"sum", [](const Grid::State& s) { return s.x + s.y != 5; }}};
  const Grid model{.a = 3, .b = 4};
  const auto r = check(model, invs, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kViolated);
  ASSERT_EQ(r.properties.size(), 1u);
  const auto& p = r.properties[0];
  EXPECT_EQ(p.status, Status::kViolated);
  EXPECT_EQ(p.depth, 5u);
  ASSERT_TRUE(p.trace.has_value());
  ASSERT_EQ(p.trace->steps.size(), 5u);
  const uint32_t which[] = {0, 0, 0, 1, 1};
  const Grid::State after[] = {{1, 0}, {2, 0}, {3, 0}, {3, 1}, {3, 2}};
  Grid::State before{0, 0};
  EXPECT_EQ(p.trace->initial.x, 0u);
  EXPECT_EQ(p.trace->initial.y, 0u);
  for (size_t i = 0; i < 5; ++i) {
    const auto& step = p.trace->steps[i];
    EXPECT_EQ(step.action.which, which[i]) << i;
    EXPECT_TRUE(testing::same_bytes(step.before, before)) << i;
    EXPECT_TRUE(testing::same_bytes(step.after, after[i])) << i;
    before = after[i];
  }
  EXPECT_EQ(r.stats.states, 15u);
  EXPECT_EQ(r.stats.transitions, 20u);
  EXPECT_EQ(r.stats.matched, 6u);
  EXPECT_EQ(r.stats.max_depth, 5u);
  EXPECT_EQ(r.stats.stopped_by, "");
  // The trace replays from its action indices: (3,0) and (3,1) list only y+1.
  const std::vector<uint32_t> indices{0, 0, 0, 0, 0};
  const auto replayed = replay(model, 0, indices);
  ASSERT_TRUE(replayed.has_value());
  EXPECT_TRUE(same_trace(*replayed, *p.trace));
}

// (c) Node 4 is bad. It is reachable by 0->1->2->3->4 (length 4, listed
// first) and 0->5->4 (length 2); 4->6 and 6 is terminal. BFS: L0 {0},
// L1 {1,5}, L2 {2,4}: the trace is 0->5->4 (action indices 1 then 0).
// A second invariant holds, so the search goes on past the violation: all 7
// nodes, 7 edges, 7 - 6 = 1 revisit (3->4), depths 0:0 1:1 5:1 2:2 4:2 3:3
// 6:3 so max depth 3; node 6 is only reachable through the violating node 4.
// The same holds with node 0's edges listed the other way round ({5, 1}),
// where the trace's action indices are 0 then 0 (a depth-first search would
// find the long path in one of the two orders).
TEST(BfsTest, ShortestTraceAmongPathsOfDifferentLengths) {
  for (const bool long_first : {true, false}) {
    SCOPED_TRACE(long_first ? "long path listed first" : "short path listed first");
    Graph model{.initial = {0}, .edges = {{1, 5}, {2}, {3}, {4}, {6}, {4}, {}}};
    if (!long_first) model.edges[0] = {5, 1};
    const Invariants<Graph> invs{
        {"not-4", [](const Graph::State& s) { return s.node != 4; }},
        {"not-99", [](const Graph::State& s) { return s.node != 99; }},
    };
    const auto r = check(model, invs, Limits{});
    EXPECT_EQ(r.verdict, Verdict::kViolated);
    ASSERT_EQ(r.properties.size(), 2u);
    const auto& bad = r.properties[0];
    EXPECT_EQ(bad.status, Status::kViolated);
    EXPECT_EQ(bad.depth, 2u);
    ASSERT_TRUE(bad.trace.has_value());
    ASSERT_EQ(bad.trace->steps.size(), 2u);
    EXPECT_EQ(bad.trace->steps[0].after.node, 5u);
    EXPECT_EQ(bad.trace->steps[1].after.node, 4u);
    const std::vector<uint32_t> indices{long_first ? 1u : 0u, 0};
    const auto replayed = replay(model, 0, indices);
    ASSERT_TRUE(replayed.has_value());
    EXPECT_TRUE(same_trace(*replayed, *bad.trace));

    EXPECT_EQ(r.properties[1].status, Status::kHolds);
    EXPECT_EQ(r.properties[1].depth, 3u);
    EXPECT_EQ(r.stats.states, 7u);
    EXPECT_EQ(r.stats.transitions, 7u);
    EXPECT_EQ(r.stats.matched, 1u);
    EXPECT_EQ(r.stats.max_depth, 3u);
  }
}

// Invariants are reported in the order given, each with its own first
// violation: v != 2 at depth 2, v != 0 at depth 0 (empty trace).
TEST(BfsTest, SeveralInvariantsEachGetTheirOwnTrace) {
  const Invariants<Counter> invs{
      {"not-2", [](const Counter::State& s) { return s.v != 2; }},
      {"not-0", [](const Counter::State& s) { return s.v != 0; }},
      {"fine", [](const Counter::State&) { return true; }},
  };
  const auto r = check(Counter{.n = 4}, invs, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kViolated);
  ASSERT_EQ(r.properties.size(), 3u);
  EXPECT_EQ(r.properties[0].id, "not-2");
  EXPECT_EQ(r.properties[0].depth, 2u);
  ASSERT_TRUE(r.properties[0].trace.has_value());
  EXPECT_EQ(r.properties[0].trace->steps.size(), 2u);
  EXPECT_EQ(r.properties[1].id, "not-0");
  EXPECT_EQ(r.properties[1].status, Status::kViolated);
  EXPECT_EQ(r.properties[1].depth, 0u);
  ASSERT_TRUE(r.properties[1].trace.has_value());
  EXPECT_TRUE(r.properties[1].trace->steps.empty());
  EXPECT_EQ(r.properties[1].trace->initial.v, 0u);
  EXPECT_EQ(r.properties[2].status, Status::kHolds);
  EXPECT_EQ(r.stats.states, 5u);  // "fine" is never violated: full search
}

// Once every invariant is violated the search stops: Counter n = 1000 with
// v != 3 stores 0,1,2,3 (4 states, 3 transitions) and stops, not a limit.
TEST(BfsTest, StopsOnceEveryInvariantIsViolated) {
  const Invariants<Counter> invs{{"not-3", [](const Counter::State& s) { return s.v != 3; }}};
  const auto r = check(Counter{.n = 1000}, invs, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kViolated);
  EXPECT_EQ(r.stats.states, 4u);
  EXPECT_EQ(r.stats.transitions, 3u);
  EXPECT_EQ(r.stats.stopped_by, "");
}

// (h) Initial states 0 and 10; 0->1->2->3 and 10->3, node 3 bad. L0 {0,10},
// L1 {1 (from 0), 3 (from 10)}: the trace starts at initial state #1 (node
// 10) and has one step.
TEST(BfsTest, MultipleInitialStates) {
  Graph model{.initial = {0, 10}, .edges = {}};
  model.edges.resize(11);
  model.edges[0] = {1};
  model.edges[1] = {2};
  model.edges[2] = {3};
  model.edges[10] = {3};
  const Invariants<Graph> invs{{"not-3", [](const Graph::State& s) { return s.node != 3; }}};
  const auto r = check(model, invs, Limits{});
  ASSERT_EQ(r.verdict, Verdict::kViolated);
  const auto& trace = r.properties[0].trace;
  ASSERT_TRUE(trace.has_value());
  EXPECT_EQ(trace->initial.node, 10u);
  ASSERT_EQ(trace->steps.size(), 1u);
  EXPECT_EQ(trace->steps[0].after.node, 3u);
  const std::vector<uint32_t> indices{0};
  const auto replayed = replay(model, 1, indices);
  ASSERT_TRUE(replayed.has_value());
  EXPECT_TRUE(same_trace(*replayed, *trace));
}

// Initial states [0, 0, 1] with 0->1: the second 0 is a revisit, and so is
// the edge 0->1 (1 is already an initial state). 2 states, 1 transition,
// 2 revisits, max depth 0.
TEST(BfsTest, DuplicateInitialStatesAreRevisits) {
  const Graph model{.initial = {0, 0, 1}, .edges = {{1}, {}}};
  const auto r = check(model, Invariants<Graph>{}, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kHolds);
  EXPECT_EQ(r.stats.states, 2u);
  EXPECT_EQ(r.stats.transitions, 1u);
  EXPECT_EQ(r.stats.matched, 2u);
  EXPECT_EQ(r.stats.max_depth, 0u);
}

// (i) 0->1, 0->2, 2->3; 1 and 3 have no successors. 4 states, 3 transitions.
TEST(BfsTest, TerminalStatesAreFine) {
  const Graph model{.initial = {0}, .edges = {{1, 2}, {}, {3}, {}}};
  const Invariants<Graph> invs{{"any", [](const Graph::State& s) { return s.node < 4; }}};
  const auto r = check(model, invs, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kHolds);
  EXPECT_EQ(r.stats.states, 4u);
  EXPECT_EQ(r.stats.transitions, 3u);
  EXPECT_EQ(r.stats.matched, 0u);
  EXPECT_EQ(r.stats.max_depth, 2u);
}

TEST(BfsTest, NoInitialStates) {
  const Graph model{.initial = {}, .edges = {}};
  const Invariants<Graph> invs{{"any", [](const Graph::State&) { return false; }}};
  const auto r = check(model, invs, Limits{});
  EXPECT_EQ(r.verdict, Verdict::kHolds);  // vacuously: nothing is reachable
  EXPECT_EQ(r.properties[0].status, Status::kHolds);
  EXPECT_EQ(r.stats.states, 0u);
  EXPECT_EQ(r.stats.bytes_per_state, 0u);
}

// (g) Two runs of a search with violations and revisits agree exactly.
TEST(BfsTest, Deterministic) {
  const Grid model{.a = 6, .b = 5};
  const Invariants<Grid> invs{
      {"sum-not-7", [](const Grid::State& s) { return s.x + s.y != 7; }},
      {"not-corner", [](const Grid::State& s) { return !(s.x == 6 && s.y == 0); }},
      {"fine", [](const Grid::State&) { return true; }},
  };
  const auto a = check(model, invs, Limits{});
  const auto b = check(model, invs, Limits{});
  EXPECT_EQ(a.verdict, Verdict::kViolated);
  EXPECT_EQ(a.stats.states, 42u);  // 7 * 6
  testing::expect_same_result(a, b);
}

TEST(BfsTest, InvariantExceptionPropagates) {
  const Invariants<Counter> invs{{"throws", [](const Counter::State& s) -> bool {
                                    if (s.v == 2) throw std::runtime_error("invariant failed");
                                    return true;
                                  }}};
  EXPECT_THROW(check(Counter{.n = 5}, invs, Limits{}), std::runtime_error);
}

TEST(BfsTest, ModelExceptionPropagates) {
  testing::ThrowingCounter model;
  model.n = 10;
  model.throw_at = 5;
  EXPECT_THROW(check(model, Invariants<Counter>{}, Limits{}), std::runtime_error);
}

// The search sees 0,1,2,3 (v != 3 violated, search stops); replay then gets
// 0 -> 2 and the fingerprint check fails with exit code 3.
TEST(BfsDeathTest, NondeterministicModelIsAnInternalError) {
  const Invariants<Counter> invs{{"not-3", [](const Counter::State& s) { return s.v != 3; }}};
  EXPECT_EXIT(
      {
        testing::NondeterministicCounter model;
        model.n = 10;
        check(model, invs, Limits{});
      },
      ::testing::ExitedWithCode(3), "wbcheck: internal error at .*replay");
}

}  // namespace
}  // namespace wbcheck::checker
