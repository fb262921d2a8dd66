// The text of the progress line (cli/progress_line.h); figures worked out by
// hand: 1 250 000 states in 3.04 s is 411 184 states/s.
#include "cli/progress_line.h"

#include "gtest/gtest.h"

namespace wbcheck::cli {
namespace {

TEST(ProgressLineTest, Text) {
  EXPECT_EQ(ProgressLine::text({1250000, 23, 86100, uint64_t{150} << 20, 3.04}),
            "states 1.25M (411k/s)  depth 23  queue 86.1k  rss 150 MiB  0:03.0");
  EXPECT_EQ(ProgressLine::text({950, 2, 0, 0, 75.5}), "states 950 (13/s)  depth 2  queue 0  rss 0 MiB  1:15.5");
  EXPECT_EQ(ProgressLine::text({0, 0, 0, 0, 0}), "states 0 (0/s)  depth 0  queue 0  rss 0 MiB  0:00.0");
  // 59.96 s rounds to a whole minute; 999 999 states are shown as 1000k.
  EXPECT_EQ(ProgressLine::text({999999, 1, 12345678, 0, 59.96}),
            "states 1000k (16.7k/s)  depth 1  queue 12.3M  rss 0 MiB  1:00.0");
}

// Not a terminal (ctest's stderr is a pipe or file, or closed): no callback,
// so the search pays nothing.
TEST(ProgressLineTest, InactiveWhenDisabled) {
  ProgressLine off(false);
  EXPECT_FALSE(off.callback());
}

}  // namespace
}  // namespace wbcheck::cli
