// check() under Limits: inconclusive verdicts, stopped_by, unknown statuses.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "checker/bfs.h"
#include "tests/checker/toy_models.h"

namespace wbcheck::checker {
namespace {

using testing::Counter;
using testing::Huge;

using CounterInvariants = std::vector<Invariant<Counter::State>>;

const CounterInvariants kSmall{{"small", [](const Counter::State& s) { return s.v <= 10; }}};

// (e) Counter 0..10 with max_states 5: 0..4 are stored; discovering 5 (while
// expanding 4, the 5th apply) would exceed the limit. All states of depth
// <= 4 were checked, so the unknown invariant reports depth 4.
TEST(BfsLimitsTest, MaxStatesMakesInconclusive) {
  const auto r = check(Counter{.n = 10}, kSmall, Limits{.max_states = 5});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(r.stats.stopped_by, "max-states");
  EXPECT_EQ(r.stats.states, 5u);
  EXPECT_EQ(r.stats.transitions, 5u);
  EXPECT_EQ(r.stats.matched, 0u);
  EXPECT_EQ(r.stats.max_depth, 4u);
  ASSERT_EQ(r.properties.size(), 1u);
  EXPECT_EQ(r.properties[0].status, Status::kUnknown);
  EXPECT_FALSE(r.properties[0].trace.has_value());
  EXPECT_EQ(r.properties[0].depth, 4u);
}

// A limit equal to the size of the state space (11) is never exceeded.
TEST(BfsLimitsTest, MaxStatesEqualToStateSpaceHolds) {
  const auto r = check(Counter{.n = 10}, kSmall, Limits{.max_states = 11});
  EXPECT_EQ(r.verdict, Verdict::kHolds);
  EXPECT_EQ(r.stats.stopped_by, "");
  EXPECT_EQ(r.properties[0].status, Status::kHolds);
}

// A 1-byte memory limit is exceeded by the first stored state.
TEST(BfsLimitsTest, MaxMemoryMakesInconclusive) {
  const auto r = check(Counter{.n = 10}, kSmall, Limits{.max_memory_bytes = 1});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(r.stats.stopped_by, "max-memory");
  EXPECT_EQ(r.stats.states, 1u);
  EXPECT_EQ(r.stats.transitions, 0u);
  EXPECT_EQ(r.properties[0].status, Status::kUnknown);
}

// Huge has 2^32 states; a microsecond is over long before the max_states
// backstop (2^20) is reached (the clock is read every 1024 expansions).
TEST(BfsLimitsTest, TimeLimitMakesInconclusive) {
  const std::vector<Invariant<Huge::State>> invs{
      {"c0-not-200", [](const Huge::State& s) { return s.c[0] != 200; }}};
  const auto r = check(Huge{}, invs, Limits{.max_states = 1u << 20, .time_limit_seconds = 1e-6});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(r.stats.stopped_by, "time-limit");
  EXPECT_LT(r.stats.states, 1u << 20);
  EXPECT_EQ(r.properties[0].status, Status::kUnknown);
}

// (f) Counter 0..100, max_states 10: v != 3 is violated at depth 3 before
// the limit; v != 50 is not reached. The stop comes when discovering 10 while
// expanding 9 (depth 9): 10 states, 10 transitions.
TEST(BfsLimitsTest, ViolationBeforeLimitIsStillViolated) {
  const CounterInvariants invs{
      {"not-3", [](const Counter::State& s) { return s.v != 3; }},
      {"not-50", [](const Counter::State& s) { return s.v != 50; }},
  };
  const auto r = check(Counter{.n = 100}, invs, Limits{.max_states = 10});
  EXPECT_EQ(r.verdict, Verdict::kViolated);
  EXPECT_EQ(r.stats.stopped_by, "max-states");
  EXPECT_EQ(r.stats.states, 10u);
  EXPECT_EQ(r.stats.transitions, 10u);
  ASSERT_EQ(r.properties.size(), 2u);
  EXPECT_EQ(r.properties[0].status, Status::kViolated);
  EXPECT_EQ(r.properties[0].depth, 3u);
  ASSERT_TRUE(r.properties[0].trace.has_value());
  EXPECT_EQ(r.properties[0].trace->steps.size(), 3u);
  EXPECT_EQ(r.properties[0].trace->steps.back().after.v, 3u);
  EXPECT_EQ(r.properties[1].status, Status::kUnknown);
  EXPECT_EQ(r.properties[1].depth, 9u);
}

// The initial state violates c0-not-0; then the time limit stops the search.
TEST(BfsLimitsTest, ViolationThenTimeLimitIsStillViolated) {
  const std::vector<Invariant<Huge::State>> invs{
      {"c0-not-0", [](const Huge::State& s) { return s.c[0] != 0; }},
      {"c0-not-200", [](const Huge::State& s) { return s.c[0] != 200; }},
  };
  const auto r = check(Huge{}, invs, Limits{.max_states = 1u << 20, .time_limit_seconds = 1e-6});
  EXPECT_EQ(r.verdict, Verdict::kViolated);
  EXPECT_EQ(r.stats.stopped_by, "time-limit");
  EXPECT_EQ(r.properties[0].status, Status::kViolated);
  EXPECT_EQ(r.properties[0].depth, 0u);
  EXPECT_EQ(r.properties[1].status, Status::kUnknown);
}

// An interrupt (a SIGINT/SIGTERM handler in cli/ sets the flag) already set
// when the search starts: the initial state is stored and checked, nothing is
// expanded.
TEST(BfsLimitsTest, InterruptBeforeTheSearchStopsAfterTheInitialStates) {
  const std::atomic<bool> interrupt{true};
  const auto r = check(Counter{.n = 10}, kSmall, Limits{.interrupt = &interrupt});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(r.stats.stopped_by, "interrupted");
  EXPECT_EQ(r.stats.states, 1u);
  EXPECT_EQ(r.stats.transitions, 0u);
  EXPECT_EQ(r.properties[0].status, Status::kUnknown);
  EXPECT_EQ(r.properties[0].depth, 0u);
}

// The flag set asynchronously mid-search (here by the invariant, when it sees
// v == 5, as a signal could at any moment): the search stops before the next
// expansion. 5 was discovered while expanding 4, so 0..5 are stored after 5
// transitions, and every state of depth <= 5 was checked.
TEST(BfsLimitsTest, InterruptDuringTheSearchStopsBeforeTheNextExpansion) {
  std::atomic<bool> interrupt{false};
  const CounterInvariants invs{{"small", [&interrupt](const Counter::State& s) {
                                  if (s.v == 5) interrupt.store(true);
                                  return s.v <= 10;
                                }}};
  const auto r = check(Counter{.n = 10}, invs, Limits{.interrupt = &interrupt});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(r.stats.stopped_by, "interrupted");
  EXPECT_EQ(r.stats.states, 6u);
  EXPECT_EQ(r.stats.transitions, 5u);
  EXPECT_EQ(r.properties[0].status, Status::kUnknown);
  EXPECT_EQ(r.properties[0].depth, 5u);
}

// A flag that is never set changes nothing.
TEST(BfsLimitsTest, UnsetInterruptHolds) {
  const std::atomic<bool> interrupt{false};
  const auto r = check(Counter{.n = 10}, kSmall, Limits{.interrupt = &interrupt});
  EXPECT_EQ(r.verdict, Verdict::kHolds);
  EXPECT_EQ(r.stats.stopped_by, "");
  EXPECT_EQ(r.stats.states, 11u);
}

}  // namespace
}  // namespace wbcheck::checker
