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
  auto sys = WbSymbolic::build(m, z);
  ASSERT_TRUE(sys.ok()) << sys.status();
  const auto& st = (*sys)->stats();
  std::printf("%zu variables, %lu action instances, %lu paths, %lu broken, %lu solver checks, %.2f s\n",
              (*sys)->widths().size(), st.action_instances, st.paths, st.broken_paths, st.solver_checks, st.seconds);
  auto r = bmc(**sys, z, 40, 0, 120, [](uint64_t k, double s) { std::printf("depth %lu: %.2f s\n", k, s); });
  ASSERT_TRUE(r.ok()) << r.status();
  std::printf("verdict %d depth %lu\n", static_cast<int>(r->verdict), r->depth);
  if (!r->trace.empty()) {
    for (const std::string& v : (*sys)->violations(r->trace.back())) std::printf("violates %s\n", v.c_str());
  }
}

}  // namespace
}  // namespace wbcheck::properties
