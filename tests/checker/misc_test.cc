// check.h, result.h, rss.h, limit_guard.h and visited_store.h.
#include <gtest/gtest.h>

#include <string>

#include "checker/check.h"
#include "checker/limit_guard.h"
#include "checker/result.h"
#include "checker/rss.h"
#include "checker/visited_store.h"

namespace wbcheck::checker {
namespace {

TEST(CheckDeathTest, FailureExitsWithCodeThree) {
  EXPECT_EXIT(WBCHECK_CHECK(1 + 1 == 3, "arithmetic broke"), ::testing::ExitedWithCode(3),
              "wbcheck: internal error at .*misc_test\\.cc:[0-9]+: arithmetic broke");
}

TEST(CheckTest, PassingCheckDoesNothing) { WBCHECK_CHECK(1 + 1 == 2, "unreachable"); }

TEST(ResultTest, ToString) {
  EXPECT_STREQ(to_string(Verdict::kHolds), "holds");
  EXPECT_STREQ(to_string(Verdict::kViolated), "violated");
  EXPECT_STREQ(to_string(Verdict::kInconclusive), "inconclusive");
  EXPECT_STREQ(to_string(Status::kHolds), "holds");
  EXPECT_STREQ(to_string(Status::kViolated), "violated");
  EXPECT_STREQ(to_string(Status::kUnknown), "unknown");
}

TEST(RssTest, ReportsNonzeroOnLinux) {
  const uint64_t current = current_rss_bytes();
  EXPECT_GT(current, 0u);
  EXPECT_GE(peak_rss_bytes(), current);
}

TEST(LimitGuardTest, ZeroMeansNoLimit) {
  LimitGuard guard(Limits{});
  EXPECT_FALSE(guard.states_full(UINT64_MAX));
  EXPECT_FALSE(guard.memory_exceeded(1, UINT64_MAX));
  for (int i = 0; i < 3000; ++i) EXPECT_FALSE(guard.time_exceeded());
}

TEST(LimitGuardTest, StatesFullAtTheLimit) {
  LimitGuard guard(Limits{.max_states = 5});
  EXPECT_FALSE(guard.states_full(4));
  EXPECT_TRUE(guard.states_full(5));
}

TEST(LimitGuardTest, MemoryEstimateOverLimit) {
  LimitGuard guard(Limits{.max_memory_bytes = 1000});
  EXPECT_FALSE(guard.memory_exceeded(2, 999));
  EXPECT_TRUE(guard.memory_exceeded(2, 1001));
}

TEST(VisitedStoreTest, InsertFindAndPath) {
  VisitedStore store;
  const Fingerprint a{1, 1}, b{2, 2}, c{3, 3};
  EXPECT_EQ(store.insert(a, Node{7, 0, 0}), std::make_pair(0u, true));  // initial state #7
  EXPECT_EQ(store.insert(b, Node{0, 1, 3}), std::make_pair(1u, true));
  EXPECT_EQ(store.insert(c, Node{1, 2, 2}), std::make_pair(2u, true));
  EXPECT_EQ(store.insert(b, Node{0, 1, 9}), std::make_pair(1u, false));  // keeps the first
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.find(c), 2u);
  EXPECT_FALSE(store.find(Fingerprint{4, 4}).has_value());
  EXPECT_GT(store.bytes(), 0u);
  const Path path = store.path_to(2);
  EXPECT_EQ(path.initial_index, 7u);
  EXPECT_EQ(path.action_indices, (std::vector<uint32_t>{3, 2}));
  EXPECT_EQ(path.node_ids, (std::vector<uint32_t>{0, 1, 2}));
}

// growth_bytes() predicts exactly the inserts that reallocate (the table's
// rehash or the node vector's doubling), which is what lets --max-memory stop
// before a rehash rather than after it.
TEST(VisitedStoreTest, GrowthBytesPredictsEveryReallocation) {
  VisitedStore store;
  int growths = 0;
  for (uint64_t i = 0; i < 200000; ++i) {
    const uint64_t predicted = store.growth_bytes();
    const uint64_t before = store.bytes();
    store.insert(Fingerprint{i * 0x9E3779B97F4A7C15ULL, i}, Node{0, 0, 0});
    const bool grew = store.bytes() != before;
    ASSERT_EQ(predicted > 0, grew) << "insert #" << i;
    if (grew) {
      ++growths;
      EXPECT_GE(predicted, store.bytes() - before) << "insert #" << i;
    }
  }
  EXPECT_GT(growths, 10);
}

TEST(LimitGuardTest, GrowthPastTheLimitIsCaughtBeforehand) {
  LimitGuard none(Limits{});
  EXPECT_FALSE(none.growth_exceeds(UINT64_MAX / 2));
  LimitGuard guard(Limits{.max_memory_bytes = current_rss_bytes() + (uint64_t{256} << 20)});
  EXPECT_FALSE(guard.growth_exceeds(0));
  EXPECT_FALSE(guard.growth_exceeds(1 << 20));
  EXPECT_TRUE(guard.growth_exceeds(uint64_t{512} << 20));
  // Small growths are left to the periodic RSS sample, even under a tiny limit.
  LimitGuard tiny(Limits{.max_memory_bytes = 1});
  EXPECT_FALSE(tiny.growth_exceeds(LimitGuard::kMinCheckedGrowth - 1));
  EXPECT_TRUE(tiny.growth_exceeds(LimitGuard::kMinCheckedGrowth));
}

}  // namespace
}  // namespace wbcheck::checker
