// Partial-order reduction never changes a verdict (checker/por.h, with and
// without the sleep sets of checker/sleep_sets.h): for every
// policy x scenario in examples/ and for seeded random small scenarios, the
// reduced search (--por on) and the full one (--por off) give the same status
// for every property and the same (shortest) counterexample lengths, and the
// reduced search never stores more states. The random scenarios are built
// directly as model::Scenario values (the loader's rules respected), so a
// failure names the seed that reproduces it.
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cli/check_pair.h"
#include "tests/cli/example_files.h"
#include "tests/sample_size.h"
#include "cli/load.h"
#include "gtest/gtest.h"

namespace wbcheck::cli {
namespace {

namespace fs = std::filesystem;

using testing::json_files;

struct Reductions {
  bool por = false;
  bool symmetry = false;
  bool sleep = true;  // with por: sleep sets too (the default)
};
constexpr Reductions kNone{false, false}, kPor{true, false}, kSymmetry{false, true}, kBoth{true, true},
    kStubbornOnly{true, false, false};

checker::Report run(const model::Scenario& s, const model::Policy& p, Reductions red, uint64_t max_states = 0) {
  CheckOptions o;
  o.por = red.por;
  o.symmetry = red.symmetry;
  o.sleep_sets = red.sleep;
  o.max_states = max_states;
  absl::StatusOr<checker::Report> r = check_pair(s, p, o);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : checker::Report{};
}

// The same answer for every property, traces of the same (shortest) length;
// the reduction stores no more states.
void expect_same_as(const checker::Report& off, const model::Scenario& s, const model::Policy& p,
                    const std::string& what, Reductions red) {
  SCOPED_TRACE(what);
  checker::Report on = run(s, p, red);
  EXPECT_FALSE(off.stats.por);
  EXPECT_FALSE(off.stats.symmetry);
  EXPECT_EQ(on.stats.por, red.por);
  EXPECT_EQ(on.stats.sleep_sets, red.por && red.sleep);
  EXPECT_EQ(checker::to_string(on.verdict), checker::to_string(off.verdict));
  ASSERT_EQ(on.properties.size(), off.properties.size());
  for (size_t i = 0; i < on.properties.size(); ++i) {
    EXPECT_EQ(checker::to_string(on.properties[i].status), checker::to_string(off.properties[i].status))
        << on.properties[i].id;
    EXPECT_EQ(on.properties[i].trace.size(), off.properties[i].trace.size()) << on.properties[i].id;
  }
  EXPECT_LE(on.stats.states, off.stats.states);
}

void expect_same(const model::Scenario& s, const model::Policy& p, const std::string& what, Reductions red = kPor) {
  expect_same_as(run(s, p, kNone), s, p, what, red);
}

// Sleep sets only take steps away from what the stubborn sets expand (a woken
// step was skipped before): never more states nor more transitions.
void expect_sleep_no_bigger(const model::Scenario& s, const model::Policy& p, const std::string& what) {
  SCOPED_TRACE(what);
  const checker::Report stubborn = run(s, p, kStubbornOnly);
  const checker::Report sleep = run(s, p, kPor);
  EXPECT_FALSE(stubborn.stats.sleep_sets);
  EXPECT_LE(sleep.stats.states, stubborn.stats.states);
  EXPECT_LE(sleep.stats.transitions, stubborn.stats.transitions);
}

TEST(PorEquivalence, EveryExamplePair) {
  std::vector<model::Policy> policies;
  for (const fs::path& p : json_files("examples/policies")) {
    absl::StatusOr<model::Policy> policy = load_policy(p.string());
    ASSERT_TRUE(policy.ok()) << policy.status();
    policies.push_back(*policy);
  }
  int pairs = 0;
  for (const fs::path& sp : json_files("examples/scenarios")) {
    absl::StatusOr<model::Scenario> scenario = load_scenario(sp.string());
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    for (const model::Policy& p : policies) {
      expect_same(*scenario, p, scenario->name + " x " + p.name);
      expect_same(*scenario, p, scenario->name + " x " + p.name + " (por + symmetry)", kBoth);
      expect_same(*scenario, p, scenario->name + " x " + p.name + " (stubborn sets alone)", kStubbornOnly);
      expect_sleep_no_bigger(*scenario, p, scenario->name + " x " + p.name);
      ++pairs;
    }
  }
  EXPECT_GE(pairs, 12 * 13);
}

// A small random scenario: 1 KiB blocks, 4 KiB folios, 4 or 8 blocks, 2 or 3
// tasks of 1 or 2 ops, random faults and free blocks (sometimes too few).
model::Scenario random_scenario(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  model::Scenario s;
  s.name = "random";
  s.geometry.file_blocks = pick(2) ? 8 : 4;
  const int nblocks = static_cast<int>(s.geometry.file_blocks);
  s.free_blocks = pick(4) == 0 ? static_cast<uint32_t>(pick(nblocks)) : 64;
  s.initial_size = uint64_t{1024} * pick(nblocks + 1);
  for (int b = 0; b < nblocks; ++b) {
    int k = pick(6);  // mostly holes
    s.initial_extents.push_back(k == 4 ? model::ExtentKind::kUnwritten
                                       : k == 5 && static_cast<uint64_t>(b) * 1024 < s.initial_size ? model::ExtentKind::kWritten
                                                                                        : model::ExtentKind::kHole);
  }
  const model::FaultMode modes[] = {model::FaultMode::kNever, model::FaultMode::kAlways, model::FaultMode::kNondet};
  const model::Errno errnos[] = {model::Errno::kEFSCORRUPTED, model::Errno::kENOSPC, model::Errno::kEFBIG};
  s.faults.alloc = modes[pick(3)];
  s.faults.alloc_errno = errnos[pick(3)];
  s.faults.io = pick(3) == 0 ? model::FaultMode::kNondet : model::FaultMode::kNever;
  auto range = [&](model::Op& op, bool one_folio) {
    int first = pick(nblocks);
    int max_len = one_folio ? 4 - first % 4 : nblocks - first;
    op.pos = uint64_t{1024} * first;
    op.len = uint64_t{1024} * (1 + pick(max_len));
  };
  const int ntasks = 2 + pick(2);
  for (int t = 0; t < ntasks; ++t) {
    model::TaskProgram task;
    task.name = std::string(1, static_cast<char>('A' + t));
    const int nops = 1 + pick(2);
    for (int i = 0; i < nops; ++i) {
      model::Op op{};
      switch (pick(9)) {
        case 0: case 1: op.kind = model::OpKind::kWrite; range(op, false); op.sync = pick(2);
          if (pick(3) == 0) op.fault_at = op.pos + uint64_t{1024} * pick(static_cast<int>(op.len / 1024));
          break;
        case 2: op.kind = model::OpKind::kDioWrite; range(op, false); break;
        case 3: op.kind = model::OpKind::kFsync; break;
        case 4: op.kind = model::OpKind::kRead; range(op, false); break;
        case 5: op.kind = model::OpKind::kMmapWrite; range(op, true); break;
        case 6: op.kind = model::OpKind::kTruncate; op.pos = uint64_t{1024} * pick(nblocks + 1); break;
        case 7: op.kind = model::OpKind::kPunchHole; range(op, false); break;
        default: op.kind = pick(2) ? model::OpKind::kShutdown : model::OpKind::kOpen; break;
      }
      task.ops.push_back(op);
    }
    s.tasks.push_back(task);
  }
  // A truncate needs every initial written block below the initial size.
  return s;
}

TEST(PorEquivalence, SeededRandomScenarios) {
  std::vector<model::Policy> policies;
  for (const fs::path& p : json_files("examples/policies")) policies.push_back(*load_policy(p.string()));
  std::mt19937 rng(20261125);
  for (int i = 0; i < wbcheck::testing::sampled(300, 60); ++i) {
    model::Scenario s = random_scenario(rng);
    const model::Policy& p = policies[rng() % policies.size()];
    expect_same(s, p, "random scenario #" + std::to_string(i) + " x " + p.name);
    expect_sleep_no_bigger(s, p, "random scenario #" + std::to_string(i) + " x " + p.name);
    if (HasFailure()) break;  // the first failure is the one to read
  }
}

// Symmetry (model/symmetry.h), alone and with POR, on random scenarios whose
// second task (and sometimes third) runs the first one's program; the
// reported traces are the model's own (check_pair makes them concrete), so
// the report's replay check covers them.
TEST(SymmetryEquivalence, SeededRandomScenariosWithTwins) {
  std::vector<model::Policy> policies;
  for (const fs::path& p : json_files("examples/policies")) policies.push_back(*load_policy(p.string()));
  std::mt19937 rng(20261126);
  int compared = 0, reduced = 0;
  for (int i = 0; i < 150; ++i) {
    model::Scenario s = random_scenario(rng);
    for (size_t t = 1; t < s.tasks.size(); ++t) {
      if (t == 1 || rng() % 2) s.tasks[t].ops = s.tasks[0].ops;
    }
    const model::Policy& p = policies[rng() % policies.size()];
    // Three copies of a faulty program can reach millions of states; those
    // few are left to the benchmarks (a limit would leave nothing to compare).
    const checker::Report off = run(s, p, kNone, 50000);
    if (!off.stats.stopped_by.empty()) continue;
    ++compared;
    const std::string what = "random scenario #" + std::to_string(i) + " x " + p.name;
    expect_same_as(off, s, p, what + " (symmetry)", kSymmetry);
    expect_same_as(off, s, p, what + " (symmetry + por)", kBoth);
    reduced += run(s, p, kSymmetry).stats.states < off.stats.states;
    if (HasFailure()) break;
  }
  EXPECT_GE(compared, 120);
  EXPECT_GE(reduced, compared * 3 / 4);  // the twins are really folded
}

TEST(SymmetryEquivalence, FamilyWithIdenticalTasks) {
  for (const fs::path& sp : json_files("examples/family")) {
    absl::StatusOr<model::Scenario> scenario = load_scenario(sp.string());
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    if (scenario->tasks.size() > 3) continue;  // the bigger members are for bench/
    for (const char* name : {"linux-6.2", "linux-6.3", "proposal-remove-discard"}) {
      absl::StatusOr<model::Policy> p =
          load_policy((fs::path(WBCHECK_SOURCE_DIR) / "examples/policies" / (std::string(name) + ".json")).string());
      ASSERT_TRUE(p.ok()) << p.status();
      expect_same(*scenario, *p, scenario->name + " x " + name, kBoth);
    }
  }
}

}  // namespace
}  // namespace wbcheck::cli
