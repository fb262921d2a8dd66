// Symmetry between tasks with identical programs (model/symmetry.h), checked
// by full enumeration of scenarios with interchangeable tasks:
//  - renaming tasks is an automorphism: the successors of a renamed state are
//    the renamed successors (compared as sets of canonical states), and the
//    initial state is fixed;
//  - canonical() is a canonical form: every renaming of a state has the same
//    canonical state, and that state is a renaming of it;
//  - the number of canonical states is the number of orbits, counted apart
//    by Burnside's lemma (the mean over the group of the states each renaming
//    fixes), which uses permute() alone, never canonical().
#include "model/symmetry.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "gtest/gtest.h"
#include "model/policy.h"
#include "model/scenario.h"
#include "model/wb_model.h"
#include "nlohmann/json.hpp"
#include "tests/sample_size.h"

namespace wbcheck::model {
namespace {

namespace fs = std::filesystem;

nlohmann::json read(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

std::string bytes(const State& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }

// Every permutation of the tasks that maps each class onto itself.
std::vector<std::vector<int>> group(const TaskSymmetry& sym, int ntasks) {
  std::vector<std::vector<int>> out{{}};
  for (int t = 0; t < ntasks; ++t) out[0].push_back(t);
  for (const std::vector<int>& cls : sym.classes()) {
    std::vector<std::vector<int>> next;
    std::vector<int> image = cls;
    std::sort(image.begin(), image.end());
    do {
      for (std::vector<int> p : out) {
        for (size_t i = 0; i < cls.size(); ++i) p[cls[i]] = image[i];
        next.push_back(p);
      }
    } while (std::next_permutation(image.begin(), image.end()));
    out = std::move(next);
  }
  return out;
}

// faults: allocations and write I/O may fail, so error paths (mapping_set_error,
// the policy's hooks, ioends completing with errors) are renamed too.
WbModel load(const std::string& scenario, const std::string& policy, bool faults = false) {
  const fs::path root(WBCHECK_SOURCE_DIR);
  absl::StatusOr<Scenario> sc = parse_scenario(read(root / "examples/family" / (scenario + ".json")), scenario);
  EXPECT_TRUE(sc.ok()) << sc.status();
  if (faults) sc->faults.alloc = sc->faults.io = FaultMode::kNondet;
  absl::StatusOr<Policy> p = parse_policy(read(root / "examples/policies" / (policy + ".json")), policy);
  EXPECT_TRUE(p.ok()) << p.status();
  absl::StatusOr<WbModel> m = WbModel::create(*sc, *p);
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

std::vector<State> reachable(const WbModel& m) {
  std::vector<State> out{m.initial_state()};
  std::unordered_set<std::string> seen{bytes(out[0])};
  std::vector<Action> acts;
  for (size_t i = 0; i < out.size(); ++i) {
    acts.clear();
    m.actions(out[i], acts);
    for (const Action& a : acts) {
      State n = m.apply(out[i], a);
      if (seen.insert(bytes(n)).second) out.push_back(n);
    }
  }
  return out;
}

std::set<std::string> canonical_successors(const WbModel& m, const TaskSymmetry& sym, const State& s) {
  std::vector<Action> acts;
  m.actions(s, acts);
  std::set<std::string> out;
  for (const Action& a : acts) out.insert(bytes(sym.canonical(m.apply(s, a))));
  return out;
}

class Symmetry : public ::testing::TestWithParam<const char*> {};

TEST_P(Symmetry, RenamingIsAnAutomorphismAndCanonicalCountsOrbits) {
  for (const char* policy : {"linux-6.2", "linux-6.6", "proposal-remove-discard"}) {
   for (bool faults : {false, true}) {
    SCOPED_TRACE(policy + std::string(faults ? " with faults" : ""));
    const WbModel m = load(GetParam(), policy, faults);
    const Context& c = m.context();
    const TaskSymmetry sym(c);
    ASSERT_TRUE(sym.nontrivial());
    const std::vector<std::vector<int>> g = group(sym, c.ntasks);
    ASSERT_GT(g.size(), 1u);
    for (const std::vector<int>& p : g) {
      EXPECT_EQ(bytes(sym.permute(m.initial_state(), p)), bytes(m.initial_state()));
    }
    const std::vector<State> states = reachable(m);
    std::unordered_set<std::string> all, canonical;
    for (const State& s : states) all.insert(bytes(s));
    uint64_t fixed = 0;  // sum over the group of the states each renaming fixes
    for (size_t i = 0; i < states.size() && !HasFailure(); ++i) {
      const State& s = states[i];
      const std::string cs = bytes(sym.canonical(s));
      canonical.insert(cs);
      // The renaming canonical() reports is the one it applied (sleep sets
      // rename their task bits with it: cli/explorable.h).
      std::vector<int> perm;
      ASSERT_EQ(bytes(sym.canonical(s, &perm)), cs);
      ASSERT_EQ(bytes(sym.permute(s, perm)), cs) << "canonical()'s reported renaming does not give its state";
      bool is_renaming = false;
      for (const std::vector<int>& p : g) {
        const State r = sym.permute(s, p);
        fixed += bytes(r) == bytes(s);
        is_renaming = is_renaming || bytes(r) == cs;
        ASSERT_TRUE(all.contains(bytes(r))) << "a renamed reachable state is not reachable";
        ASSERT_EQ(bytes(sym.canonical(r)), cs) << "two renamings of a state have different canonical states";
        // Successors commute with renaming (sampled: this is the slow part).
        if (i % wbcheck::testing::sampled(7, 31) == 0) {
          ASSERT_EQ(canonical_successors(m, sym, r), canonical_successors(m, sym, s));
        }
      }
      ASSERT_TRUE(is_renaming) << "the canonical state is not a renaming of the state";
    }
    ASSERT_EQ(fixed % g.size(), 0u);
    EXPECT_EQ(canonical.size(), fixed / g.size()) << "canonical states != orbits (Burnside)";
    EXPECT_LT(canonical.size(), all.size());
    std::printf("%s x %s%s: %zu states, %zu orbits\n", GetParam(), policy, faults ? " (faults)" : "", all.size(),
                canonical.size());
   }
  }
}

INSTANTIATE_TEST_SUITE_P(Family, Symmetry, ::testing::Values("fsync-writers-2", "fsync-writers-3"),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           for (char& ch : n) ch = ch == '-' ? '_' : ch;
                           return n;
                         });

TEST(SymmetryClasses, OnlyIdenticalProgramsAreInterchangeable) {
  const fs::path root(WBCHECK_SOURCE_DIR);
  for (const char* name : {"sync-writers-3"}) {  // same ops at different offsets
    absl::StatusOr<Scenario> sc = parse_scenario(read(root / "examples/family" / (std::string(name) + ".json")), name);
    ASSERT_TRUE(sc.ok());
    absl::StatusOr<Policy> p = parse_policy(read(root / "examples/policies/linux-6.3.json"), "linux-6.3");
    absl::StatusOr<WbModel> m = WbModel::create(*sc, *p);
    ASSERT_TRUE(m.ok());
    EXPECT_FALSE(TaskSymmetry(m->context()).nontrivial());
  }
  const WbModel m = load("fsync-writers-3", "linux-6.3");
  const TaskSymmetry sym(m.context());
  ASSERT_EQ(sym.classes().size(), 1u);
  EXPECT_EQ(sym.classes()[0], (std::vector<int>{0, 1, 2}));  // the teardown actor is in no class
}

}  // namespace
}  // namespace wbcheck::model
