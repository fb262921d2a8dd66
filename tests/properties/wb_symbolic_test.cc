// The symbolic transition relation built from the model's own steps
// (properties/wb_symbolic.h) against the explicit engine, state by state:
//  - from every reachable state of small scenarios, the relation's successors
//    (every solution for the next state, enumerated with Z3) are exactly the
//    explicit model's successors;
//  - every property's Z3 encoding over the symbolic state agrees with the
//    native evaluator on every reachable state, and the typed domain and
//    program-counter consistency hold there.
#include "properties/wb_symbolic.h"

#include <cstring>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "model/fields.h"
#include "tests/model/reachable.h"
#include "tests/sample_size.h"

namespace wbcheck::properties {
namespace {

using model::testing::example_policy;
using model::testing::example_scenario;
using model::testing::for_each_reachable;

std::string bytes(const model::State& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }

model::Scenario scenario_named(const std::string& name) {
  if (name.find('/') == std::string::npos) return example_scenario(name);
  std::ifstream in(model::testing::source_root() / name);
  return model::parse_scenario(nlohmann::json::parse(in), name).value();
}

struct Pair {
  const char* scenario;
  const char* policy;
};

class SymbolicSteps : public ::testing::TestWithParam<Pair> {};

TEST_P(SymbolicSteps, SuccessorsAreTheExplicitOnes) {
  const model::WbModel m = model::WbModel::create(scenario_named(GetParam().scenario), example_policy(GetParam().policy)).value();
  z3::context z;
  WbSymbolic sys(m, z);
  const std::vector<unsigned> widths = sys.widths();
  long states = 0, successors = 0;
  for_each_reachable(m, [&](const model::State& s, const auto&, const std::vector<model::State>& next) {
    if (::testing::Test::HasFailure()) return;
    ++states;
    z3::solver solver(z, "QF_BV");
    SymbolicState a, b;
    const StateValues values = sys.values_of(s);
    for (size_t i = 0; i < widths.size(); ++i) {
      a.push_back(z.bv_const(("a" + std::to_string(i)).c_str(), widths[i]));
      b.push_back(z.bv_const(("b" + std::to_string(i)).c_str(), widths[i]));
      solver.add(a[i] == z.bv_val(values[i], widths[i]));
    }
    solver.add(sys.trans(z, solver, a, b));
    std::set<std::string> symbolic, explicit_;
    for (const model::State& n : next) explicit_.insert(bytes(n));
    while (solver.check() == z3::sat && symbolic.size() <= explicit_.size()) {
      const z3::model model = solver.get_model();
      StateValues succ;
      z3::expr differ = z.bool_val(false);
      for (size_t i = 0; i < widths.size(); ++i) {
        succ.push_back(model.eval(b[i], true).get_numeral_uint64());
        differ = differ || b[i] != z.bv_val(succ.back(), widths[i]);
      }
      symbolic.insert(bytes(sys.state_of(succ)));
      solver.add(differ);
    }
    successors += static_cast<long>(explicit_.size());
    EXPECT_EQ(symbolic, explicit_) << "from reachable state " << states;
  });
  std::printf("%s / %s: %ld states, %ld successors agree\n", GetParam().scenario, GetParam().policy, states, successors);
}

INSTANTIATE_TEST_SUITE_P(Small, SymbolicSteps,
                         ::testing::Values(Pair{"tests/data/symbolic/one-writer.json", "linux-5.9"},
                                           Pair{"tests/data/symbolic/one-writer.json", "linux-6.9"},
                                           Pair{"tests/data/symbolic/two-folio-writer.json", "linux-6.2"},
                                           Pair{"tests/data/symbolic/two-folio-writer.json", "linux-6.6"},
                                           Pair{"tests/data/symbolic/two-folio-writer.json", "proposal-redirty"},
                                           Pair{"bug217030", "linux-6.3"},
                                           Pair{"short-punch-leak", "linux-6.2"},
                                           Pair{"write-fault-clean-block", "linux-6.6"}));

class SymbolicProperties : public ::testing::TestWithParam<Pair> {};

TEST_P(SymbolicProperties, AgreeWithTheNativeEvaluatorOnEveryReachableState) {
  const model::WbModel m = model::WbModel::create(scenario_named(GetParam().scenario), example_policy(GetParam().policy)).value();
  z3::context z;
  WbSymbolic sys(m, z);
  long states = 0, violated = 0;
  for_each_reachable(m, [&](const model::State& s, const auto&, const auto&) {
    if (::testing::Test::HasFailure()) return;
    ++states;
    const model::ConcreteView v(m.context(), s);
    std::vector<std::string> native;
    for (const PropertyDef& p : all_properties()) {
      if (!p.native(v)) native.push_back(p.id);
    }
    violated += !native.empty();
    EXPECT_EQ(sys.violations(sys.values_of(s)), native) << "reachable state " << states;
  });
  std::printf("%s / %s: %ld states (%ld violating) agree\n", GetParam().scenario, GetParam().policy, states, violated);
}

INSTANTIATE_TEST_SUITE_P(Examples, SymbolicProperties,
                         ::testing::Values(Pair{"bug217030", "linux-6.2"}, Pair{"bug217030", "linux-6.6"},
                                           Pair{"short-punch-leak", "linux-5.9"},
                                           Pair{"read-after-failed-writeback", "linux-6.2"},
                                           Pair{"mmap-redirty-after-failure", "linux-6.3"},
                                           Pair{"per-block-dirty-failure", "linux-6.6"},
                                           Pair{"shutdown-then-evict", "linux-5.18"},
                                           Pair{"write-fault-vs-mmap", "linux-6.9"}));

}  // namespace
}  // namespace wbcheck::properties
