// The field domains and program-counter consistency that symbolic execution
// assumes of a pre-state (model/state_fields.h, model/op_phases.h) hold in
// every reachable state of every example scenario under every policy, and
// the field list covers every byte of the state.
#include <algorithm>
#include <cstdio>
#include <string>

#include "gtest/gtest.h"
#include "model/op_phases.h"
#include "model/state_fields.h"
#include "tests/model/reachable.h"

namespace wbcheck::model {
namespace {

using testing::example_policy;
using testing::example_scenario;
using testing::for_each_reachable;

TEST(StateFields, CoverEveryByteOnce) {
  const WbModel m = WbModel::create(example_scenario("bug217030"), example_policy("linux-6.2")).value();
  State s{};
  size_t bytes = 0;
  int fields = 0;
  visit_state_fields(s, m.context(), [&](const std::string&, auto& field, const Domain&) {
    bytes += sizeof field;
    ++fields;
  });
  EXPECT_EQ(bytes, sizeof(State));
  // 25 inode fields, 7 per block, 6 per folio, 28 per task, 3 per ioend slot
  EXPECT_EQ(fields, 25 + 7 * kMaxBlocks + 6 * kMaxFolios + 28 * (kMaxTasks + 1) + 3 * kMaxFolios);
}

TEST(Domain, Kinds) {
  EXPECT_TRUE((Domain{Domain::kRange, 3}.contains(3)));
  EXPECT_FALSE((Domain{Domain::kRange, 3}.contains(4)));
  EXPECT_TRUE((Domain{Domain::kVersions, 2}.contains(kVersionGarbage)));
  EXPECT_FALSE((Domain{Domain::kVersions, 2}.contains(3)));
  EXPECT_TRUE((Domain{Domain::kErrseq, 1}.contains(0x7e1)));   // counter and SEEN bits free, errno 1
  EXPECT_FALSE((Domain{Domain::kErrseq, 1}.contains(0x7e2)));  // errno 2
  EXPECT_TRUE((Domain{Domain::kSet, 0, {0, 5120}}.contains(5120)));
  EXPECT_FALSE((Domain{Domain::kSet, 0, {0, 5120}}.contains(4096)));
}

class Domains : public ::testing::TestWithParam<std::string> {};

TEST_P(Domains, HoldInEveryReachableState) {
  for (const char* policy : {"linux-5.9", "linux-5.18", "linux-6.2", "linux-6.3", "linux-6.6", "linux-6.9",
                             "proposal-redirty", "proposal-sick-inode"}) {
    SCOPED_TRACE(policy);
    const WbModel m = WbModel::create(example_scenario(GetParam()), example_policy(policy)).value();
    const Context& c = m.context();
    long states = 0;
    for_each_reachable(m, [&](const State& s, const auto&, const auto&) {
      if (::testing::Test::HasFailure()) return;
      ++states;
      State copy = s;
      visit_state_fields(copy, c, [&](const std::string& key, auto& field, const Domain& d) {
        EXPECT_TRUE(d.contains(field)) << key << " = " << static_cast<uint64_t>(field);
      });
      ConcreteView v(c, s);
      for (int t = 0; t < c.actors(); ++t) {
        EXPECT_TRUE(phase_consistent(v, t)) << c.task_name(t) << " op " << int{s.task[t].op} << " phase "
                                            << int{s.task[t].phase};
      }
    });
    std::printf("%s / %s: %ld states in their domains\n", GetParam().c_str(), policy, states);
  }
}

// Every shipped scenario, and a fault-free family member.
std::vector<std::string> scenarios() {
  std::vector<std::string> out = testing::example_scenario_names();
  out.push_back("sync-writers-2");
  return out;
}

INSTANTIATE_TEST_SUITE_P(Examples, Domains, ::testing::ValuesIn(scenarios()), [](const auto& param_info) {
  std::string n = param_info.param;
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
});

}  // namespace
}  // namespace wbcheck::model
