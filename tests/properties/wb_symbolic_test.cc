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
  const char* pol = getenv("WB_POLICY") ? getenv("WB_POLICY") : "linux-6.2";
  const model::WbModel m = model::WbModel::create(example_scenario("bug217030"), example_policy(pol)).value();
  z3::context z;
  WbSymbolic sys(m, z);
  auto r = bmc(sys, z, 80, 0, 300, [&](uint64_t k, double s) {
    std::printf("depth %lu: %.2f s (paths %lu checks %lu enum %.2f s)\n", k, s, sys.stats().paths,
                sys.stats().solver_checks, sys.stats().seconds);
  });
  ASSERT_TRUE(r.ok()) << r.status();
  std::printf("verdict %d depth %lu complete %d\n", static_cast<int>(r->verdict), r->depth, r->complete);
  if (!r->trace.empty()) {
    for (const std::string& v : sys.violations(r->trace.back())) std::printf("violates %s\n", v.c_str());
  }
}

}  // namespace
}  // namespace wbcheck::properties
