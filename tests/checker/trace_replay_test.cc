#include "checker/trace_replay.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/checker/test_util.h"
#include "tests/checker/toy_models.h"

namespace wbcheck::checker {
namespace {

using testing::Counter;
using testing::Graph;
using testing::Grid;

// Grid 3x4 from (0,0): x+1 (index 0), then at (1,0) y+1 is index 1, then x+1.
TEST(TraceReplayTest, ReplaysActionIndices) {
  const std::vector<uint32_t> indices{0, 1, 0};
  const auto t = replay(Grid{.a = 3, .b = 4}, 0, indices);
  ASSERT_TRUE(t.has_value());
  ASSERT_EQ(t->steps.size(), 3u);
  EXPECT_EQ(t->steps[0].action.which, 0u);
  EXPECT_EQ(t->steps[1].action.which, 1u);
  EXPECT_EQ(t->steps[2].action.which, 0u);
  EXPECT_TRUE(testing::same_bytes(t->steps[0].before, Grid::State{0, 0}));
  EXPECT_TRUE(testing::same_bytes(t->steps[1].before, Grid::State{1, 0}));
  EXPECT_TRUE(testing::same_bytes(t->steps[2].before, Grid::State{1, 1}));
  EXPECT_TRUE(testing::same_bytes(t->steps[2].after, Grid::State{2, 1}));
}

TEST(TraceReplayTest, EmptyIndicesGiveTheInitialState) {
  const Graph model{.initial = {4, 7}, .edges = {}};
  const auto t = replay(model, 1, std::vector<uint32_t>{});
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->initial.node, 7u);
  EXPECT_TRUE(t->steps.empty());
}

// Counter 0..2: the third +1 is not enabled at v = 2.
TEST(TraceReplayTest, DisabledStepGivesNullopt) {
  const Counter model{.n = 2};
  EXPECT_TRUE(replay(model, 0, std::vector<uint32_t>{0, 0}).has_value());
  EXPECT_FALSE(replay(model, 0, std::vector<uint32_t>{0, 0, 0}).has_value());
  EXPECT_FALSE(replay(model, 0, std::vector<uint32_t>{1}).has_value());
  EXPECT_FALSE(replay(model, 1, std::vector<uint32_t>{}).has_value());  // one initial state
}

// Recovering the indices of a replayed trace gives the indices back. The
// path is (0,0) (1,0) (1,1) (2,1) (3,1) (3,2) (3,3); from (3,1) on only y+1
// is enabled, so it has index 0 there.
TEST(TraceReplayTest, ActionIndexOfInvertsReplay) {
  const Grid model{.a = 3, .b = 4};
  const std::vector<uint32_t> indices{0, 1, 0, 0, 0, 0};
  const auto t = replay(model, 0, indices);
  ASSERT_TRUE(t.has_value());
  std::vector<uint32_t> recovered;
  for (const auto& step : t->steps) {
    const auto i = action_index_of(model, step);
    ASSERT_TRUE(i.has_value());
    recovered.push_back(*i);
  }
  EXPECT_EQ(recovered, indices);
}

TEST(TraceReplayTest, ActionIndexOfUnknownStep) {
  const Graph model{.initial = {0}, .edges = {{1}, {}, {}}};
  const Trace<Graph>::Step step{{2}, {0}, {2}};  // 0 -> 2 is not an edge
  EXPECT_FALSE(action_index_of(model, step).has_value());
}

}  // namespace
}  // namespace wbcheck::checker
