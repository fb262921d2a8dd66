// Limits::progress (checker/progress.h): when the search calls it and with
// what, on the Counter chain 0..n (one state per depth, one successor each).
#include <gtest/gtest.h>

#include <vector>

#include "checker/bfs.h"
#include "tests/checker/toy_models.h"

namespace wbcheck::checker {
namespace {

using testing::Counter;

// One thread, the interval 0 so that every due check reports: the check is
// due on every 256th expansion (LimitGuard::kProgressCheckPeriod). The 256th
// expansion is of v = 255: 0..255 are stored, 255 is the frontier's only
// state, and every state to depth 255 has been discovered.
TEST(ProgressTest, OneThreadReportsEvery256Expansions) {
  std::vector<Progress> seen;
  Limits l;
  l.progress_interval_seconds = 0;
  l.progress = [&](const Progress& p) { seen.push_back(p); };
  const auto r = check(Counter{.n = 1000}, {}, l);
  EXPECT_EQ(r.stats.states, 1001u);
  ASSERT_EQ(seen.size(), 3u);
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].states, 256 * (i + 1)) << i;
    EXPECT_EQ(seen[i].depth, 256 * (i + 1) - 1) << i;
    EXPECT_EQ(seen[i].queue, 1u) << i;
    EXPECT_GT(seen[i].rss_bytes, 0u) << i;
    if (i > 0) EXPECT_GE(seen[i].seconds, seen[i - 1].seconds);
  }
}

// An interval of an hour is far longer than this search: no report.
TEST(ProgressTest, NothingBeforeTheInterval) {
  int calls = 0;
  Limits l;
  l.progress_interval_seconds = 3600;
  l.progress = [&](const Progress&) { ++calls; };
  check(Counter{.n = 1000}, {}, l);
  EXPECT_EQ(calls, 0);
}

// Several threads: checked once per block of parents, here one per level, so
// with the interval 0 once per level; states never go down, and the Result
// is the one without a callback.
TEST(ProgressTest, ThreadsReportPerBlockAndChangeNothing) {
  std::vector<Progress> seen;
  Limits l;
  l.threads = 2;
  l.progress_interval_seconds = 0;
  l.progress = [&](const Progress& p) { seen.push_back(p); };
  const auto with = check(Counter{.n = 100}, {}, l);
  l.progress = nullptr;
  const auto without = check(Counter{.n = 100}, {}, l);
  EXPECT_EQ(with.stats.states, without.stats.states);
  EXPECT_EQ(with.stats.transitions, without.stats.transitions);
  EXPECT_EQ(with.stats.max_depth, without.stats.max_depth);
  ASSERT_GE(seen.size(), 50u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].states, seen[i - 1].states);
}

}  // namespace
}  // namespace wbcheck::checker
