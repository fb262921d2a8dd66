// Sleep sets name tasks by index, and the symmetry quotient renames tasks at
// every step (cli/explorable.h): apply(s, a, sleep) must rename the sleep set
// the way it renames the state. Checked directly on every reachable state of
// the quotient of two family scenarios: for every action and every task t,
// the bit apply() returns for {t} names a task whose local state in the
// stored (canonical) successor is task t's in the model's own successor.
// Equal local states are interchangeable, so either is right then.
#include <cstring>
#include <deque>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "cli/check_pair.h"
#include "cli/explorable.h"
#include "cli/load.h"
#include "gtest/gtest.h"

namespace wbcheck::cli {
namespace {

namespace fs = std::filesystem;

std::string bytes(const model::State& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }

bool same_task(const model::TaskState& a, const model::TaskState& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

class SleepRename : public ::testing::TestWithParam<const char*> {};

TEST_P(SleepRename, SleepSetsFollowTheQuotientsRenaming) {
  const fs::path root(WBCHECK_SOURCE_DIR);
  absl::StatusOr<model::Scenario> s = load_scenario((root / "examples/family" / (std::string(GetParam()) + ".json")).string());
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<model::Policy> p = load_policy((root / "examples/policies/linux-6.2.json").string());
  ASSERT_TRUE(p.ok()) << p.status();
  absl::StatusOr<model::WbModel> wb = make_model(*s, *p);
  ASSERT_TRUE(wb.ok()) << wb.status();
  const ExplorableModel quotient(*wb, true);
  ASSERT_TRUE(quotient.symmetry());
  const int tasks = wb->context().ntasks;

  std::vector<model::State> init;
  quotient.initial_states(init);
  std::unordered_set<std::string> seen{bytes(init[0])};
  std::deque<model::State> queue{init[0]};
  std::vector<model::Action> actions;
  uint64_t renamed = 0;  // steps whose renaming moved some task
  while (!queue.empty() && !HasFailure()) {
    const model::State x = queue.front();
    queue.pop_front();
    actions.clear();
    quotient.actions(x, actions);
    for (const model::Action& a : actions) {
      const model::State y = wb->apply(x, a);  // the model's own successor
      bool moved = false;
      for (int t = 0; t < tasks; ++t) {
        uint8_t sleep = static_cast<uint8_t>(1u << t);
        const model::State cy = quotient.apply(x, a, sleep);
        ASSERT_EQ(__builtin_popcount(sleep), 1) << "a one-task sleep set did not stay one task";
        const int u = __builtin_ctz(sleep);
        ASSERT_LT(u, tasks);
        ASSERT_TRUE(same_task(y.task[t], cy.task[u])) << "task " << t << " renamed to " << u;
        moved = moved || !same_task(y.task[t], cy.task[t]);
        if (t == 0 && seen.insert(bytes(cy)).second) queue.push_back(cy);
      }
      renamed += moved;
    }
  }
  EXPECT_GT(renamed, 0u) << "no step moved a task: the test exercised nothing";
  std::printf("%s: %zu orbits, %llu steps that rename tasks\n", GetParam(), seen.size(),
              static_cast<unsigned long long>(renamed));
}

INSTANTIATE_TEST_SUITE_P(Family, SleepRename, ::testing::Values("fsync-writers-2", "fsync-writers-3"));

}  // namespace
}  // namespace wbcheck::cli
