// natural_less: digit runs compare as numbers, so kernel versions sort in
// release order (the order of `list policies` and the matrix rows).
#include "cli/natural_order.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wbcheck::cli {
namespace {

TEST(NaturalOrder, KernelVersionsSortInReleaseOrder) {
  std::vector<std::string> v = {"linux-6.17", "linux-5.10", "proposal-redirty", "linux-6.2", "linux-5.9",
                                "linux-6.9"};
  std::sort(v.begin(), v.end(), natural_less);
  EXPECT_EQ(v, (std::vector<std::string>{"linux-5.9", "linux-5.10", "linux-6.2", "linux-6.9", "linux-6.17",
                                         "proposal-redirty"}));
}

TEST(NaturalOrder, IsAStrictWeakOrder) {
  EXPECT_FALSE(natural_less("a1", "a1"));
  EXPECT_TRUE(natural_less("a1", "a01") != natural_less("a01", "a1"));  // leading zeros still ordered
  EXPECT_TRUE(natural_less("a", "a1"));
  EXPECT_FALSE(natural_less("a1", "a"));
  EXPECT_TRUE(natural_less("a9b", "a10a"));
}

}  // namespace
}  // namespace wbcheck::cli
