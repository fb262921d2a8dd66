// check.h, result.h, rss.h and limit_guard.h (the visited store: visited_store_test.cc).
#include <gtest/gtest.h>

#include <string>

#include "checker/check.h"
#include "checker/limit_guard.h"
#include "checker/result.h"
#include "checker/rss.h"

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
  const uint64_t limit = current_rss_bytes() + (uint64_t{1} << 30);
  LimitGuard guard(Limits{.max_memory_bytes = limit});
  EXPECT_FALSE(guard.memory_exceeded(2, limit - 1));
  EXPECT_TRUE(guard.memory_exceeded(3, limit + 1));
}

// The RSS is sampled at the first call and then once kRssCheckPeriod more
// states are stored, however many each call adds.
TEST(LimitGuardTest, RssSampledByStoredCount) {
  LimitGuard tiny(Limits{.max_memory_bytes = 1});
  EXPECT_TRUE(tiny.memory_exceeded(5, 0));
  LimitGuard guard(Limits{.max_memory_bytes = 1});
  EXPECT_TRUE(guard.memory_exceeded(1, 0));
  EXPECT_FALSE(guard.memory_exceeded(2, 0));  // between samples only the estimate counts
  EXPECT_FALSE(guard.memory_exceeded(LimitGuard::kRssCheckPeriod, 0));
  EXPECT_TRUE(guard.memory_exceeded(LimitGuard::kRssCheckPeriod + 1, 0));
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
