// The symbolic transition relation built from the model's own steps
// (properties/wb_symbolic.h) against the explicit engine.
#include "properties/wb_symbolic.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"
#include "model/sym/state.h"
#include "tests/model/reachable.h"

namespace wbcheck::properties {
namespace {

using model::testing::example_policy;
using model::testing::example_scenario;

TEST(WbSymbolic, BuildsTheSeedRelation) {
  const model::WbModel m = model::WbModel::create(example_scenario("bug217030"), example_policy("linux-6.2")).value();
  z3::context z;
  WbSymbolic sys(m, z);
  auto r = bmc(sys, z, 40, 0, 120, [&](uint64_t k, double s) {
    std::printf("depth %lu: %.2f s (paths %lu checks %lu enum %.2f s)\n", k, s, sys.stats().paths,
                sys.stats().solver_checks, sys.stats().seconds);
  });
  ASSERT_TRUE(r.ok()) << r.status();
  std::printf("verdict %d depth %lu\n", static_cast<int>(r->verdict), r->depth);
  if (!r->trace.empty()) {
    for (const std::string& v : sys.violations(r->trace.back())) std::printf("violates %s\n", v.c_str());
  }
}

}  // namespace
}  // namespace wbcheck::properties
