// --threads never changes a report (checker/parallel_bfs.h): for every policy
// x scenario in examples/, with and without partial-order reduction, the JSON
// report of 2, 3 and 4 threads is byte for byte the one-thread report once
// the two measurements that vary from run to run (stats.seconds and
// stats.peak_rss_bytes) are removed. The shipped scenarios' levels are
// narrow, so two bigger ones make sure that blocks are really split among
// the threads: examples/family/sync-writers-3.json (20,604 states, every
// property holds) and bench/spin/family-cfsync.json (9,264 to 16,280 states,
// counterexamples with linux-6.2 and linux-5.9).
#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "checker/report.h"
#include "cli/check_pair.h"
#include "tests/cli/example_files.h"
#include "cli/load.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {
namespace {

namespace fs = std::filesystem;

using testing::json_files;

// The JSON report without its timing and memory measurements.
std::string report_json(const model::Scenario& s, const model::Policy& p, bool por, unsigned threads) {
  CheckOptions o;
  o.por = por;
  o.threads = threads;
  absl::StatusOr<checker::Report> r = check_pair(s, p, o);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return "";
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(checker::print_json(*r));
  j["stats"].erase("seconds");
  j["stats"].erase("peak_rss_bytes");
  return j.dump(1);
}

void expect_alike(const model::Scenario& s, const model::Policy& p) {
  for (bool por : {false, true}) {
    SCOPED_TRACE(s.name + " x " + p.name + (por ? ", por on" : ", por off"));
    const std::string one = report_json(s, p, por, 1);
    for (unsigned t = 2; t <= 4; ++t) EXPECT_EQ(report_json(s, p, por, t), one) << t << " threads";
  }
}

std::vector<model::Policy> example_policies() {
  std::vector<model::Policy> policies;
  for (const fs::path& p : json_files("examples/policies")) {
    absl::StatusOr<model::Policy> policy = load_policy(p.string());
    EXPECT_TRUE(policy.ok()) << policy.status();
    if (policy.ok()) policies.push_back(*policy);
  }
  return policies;
}

TEST(ThreadsEquivalence, EveryExamplePair) {
  const std::vector<model::Policy> policies = example_policies();
  int pairs = 0;
  for (const fs::path& sp : json_files("examples/scenarios")) {
    absl::StatusOr<model::Scenario> scenario = load_scenario(sp.string());
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    for (const model::Policy& p : policies) {
      expect_alike(*scenario, p);
      ++pairs;
    }
  }
  EXPECT_GE(pairs, 12 * 13);
}

TEST(ThreadsEquivalence, WideLevels) {
  const std::vector<model::Policy> policies = example_policies();
  const std::vector<std::pair<std::string, std::vector<std::string>>> runs = {
      {"examples/family/sync-writers-3.json", {"linux-6.3"}},
      {"bench/spin/family-cfsync.json", {"linux-5.9", "linux-6.2", "linux-6.3"}}};
  for (const auto& [path, names] : runs) {
    absl::StatusOr<model::Scenario> scenario = load_scenario((fs::path(WBCHECK_SOURCE_DIR) / path).string());
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    for (const model::Policy& p : policies) {
      if (std::find(names.begin(), names.end(), p.name) != names.end()) expect_alike(*scenario, p);
    }
  }
}

}  // namespace
}  // namespace wbcheck::cli
