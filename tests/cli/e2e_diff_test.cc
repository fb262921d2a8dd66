// End-to-end: `wbcheck diff` of two policies. On the seed scenario, 6.2 -> 6.3
// is the fix of bug 217030: the properties that change are exactly those
// `check --format json` reports violated under 6.2 (6.3 holds them all,
// e2e_seed_test.cc), with the same trace lengths (no-convert-delalloc-warn:
// 16 steps, pinned by hand there). A policy against itself changes nothing.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> diff_args(const std::string& a, const std::string& b, const std::string& format) {
  return {"diff", "--scenario", seed_scenario(), "--policy", a, "--policy", b, "--format", format};
}

// id -> steps of every property `check` reports violated for the seed under `policy`.
std::map<std::string, uint64_t> violated(const std::string& policy) {
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy, "--format", "json"});
  std::map<std::string, uint64_t> out;
  json j = parse_json(r);
  for (const json& p : j["properties"]) {
    if (p.value("status", "") == "violated") out[p.value("id", "")] = p["trace"]["steps"].size();
  }
  return out;
}

TEST(Diff, Linux62To63ChangesWhatTheFixFixed) {
  Invocation r = run_wbcheck(diff_args(policy_62(), policy_63(), "json"));
  EXPECT_EQ(r.exit_code, 10) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.value("a", ""), "linux-6.2");
  EXPECT_EQ(j.value("b", ""), "linux-6.3");
  EXPECT_EQ(j["scenarios"], json::array({"bug217030"}));
  EXPECT_EQ(j.value("verdict", ""), "changed");
  std::map<std::string, uint64_t> expected = violated(policy_62());
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_EQ(expected["no-convert-delalloc-warn"], 16u);
  std::map<std::string, uint64_t> got;
  for (const json& c : j["changes"]) {
    EXPECT_EQ(c.value("scenario", ""), "bug217030");
    EXPECT_EQ(c["a"].value("status", ""), "violated");
    EXPECT_EQ(c["b"].value("status", ""), "holds");
    EXPECT_TRUE(c["b"]["steps"].is_null());
    got[c.value("property", "")] = c["a"].value("steps", 0u);
  }
  EXPECT_EQ(got, expected);
}

TEST(Diff, TextNamesTheChangedPropertiesAndTheirLengths) {
  Invocation r = run_wbcheck(diff_args(policy_62(), policy_63(), "text"));
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.out.find("verdict: changed\n"), std::string::npos) << r.out;
  size_t at = r.out.find("no-convert-delalloc-warn");
  ASSERT_NE(at, std::string::npos) << r.out;
  std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  EXPECT_NE(line.find("violated, 16 steps"), std::string::npos) << r.out;
  EXPECT_NE(line.find("holds"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 properties change verdict\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("no-stale-read"), std::string::npos) << "a property that holds under both is not listed";
}

TEST(Diff, ReversedOrderSwapsTheSides) {
  Invocation r = run_wbcheck(diff_args(policy_63(), policy_62(), "json"));
  EXPECT_EQ(r.exit_code, 10) << r.err;
  json j = parse_json(r);
  ASSERT_EQ(j["changes"].size(), 3u);
  for (const json& c : j["changes"]) {
    EXPECT_EQ(c["a"].value("status", ""), "holds");
    EXPECT_EQ(c["b"].value("status", ""), "violated");
  }
}

TEST(Diff, APolicyAgainstItselfChangesNothing) {
  for (const std::string& p : {policy_62(), policy_63()}) {
    Invocation r = run_wbcheck(diff_args(p, p, "json"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    json j = parse_json(r);
    EXPECT_EQ(j["changes"], json::array());
    EXPECT_EQ(j.value("verdict", ""), "unchanged");
    Invocation t = run_wbcheck(diff_args(p, p, "text"));
    EXPECT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("no property changes status\n"), std::string::npos) << t.out;
  }
}

// A directory holding only the seed gives the seed's diff; the shipped
// examples include it.
TEST(Diff, ScenariosDirectory) {
  const std::string dir = temp_path("diff-scenarios");
  fs::create_directories(dir);
  fs::copy_file(seed_scenario(), dir + "/bug217030.json");
  Invocation one = run_wbcheck(diff_args(policy_62(), policy_63(), "json"));
  Invocation r = run_wbcheck({"diff", "--scenarios", dir, "--policy", policy_62(), "--policy", policy_63(), "--format", "json"});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_EQ(r.out, one.out);
  Invocation all = run_wbcheck({"diff", "--scenarios", source_path("examples/scenarios"), "--policy", policy_62(),
                                "--policy", policy_63(), "--format", "json"});
  EXPECT_EQ(all.exit_code, 10) << all.err;
  json j = parse_json(all);
  std::set<std::string> seed_changes;
  for (const json& c : j["changes"]) {
    if (c.value("scenario", "") == "bug217030") seed_changes.insert(c.value("property", ""));
  }
  EXPECT_EQ(seed_changes.size(), 3u);
  EXPECT_TRUE(seed_changes.count("no-convert-delalloc-warn"));
  fs::remove_all(dir);
}

// A limit that leaves every property unknown hides any change: exit 5, not 0.
TEST(Diff, UndecidedIsNotUnchanged) {
  std::vector<std::string> args = diff_args(policy_63(), policy_63(), "json");
  args.insert(args.end(), {"--max-states", "1"});
  Invocation r = run_wbcheck(args);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_EQ(parse_json(r).value("verdict", ""), "undecided");
}

TEST(Diff, OutFileHoldsWhatStdoutWould) {
  Invocation direct = run_wbcheck(diff_args(policy_62(), policy_63(), "text"));
  const std::string path = temp_path("diff.txt");
  std::vector<std::string> args = diff_args(policy_62(), policy_63(), "text");
  args.insert(args.end(), {"--out", path});
  Invocation r = run_wbcheck(args);
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_file(path), direct.out);
  std::remove(path.c_str());
}

TEST(Diff, BadInputExits2) {
  const std::string empty = temp_path("empty-dir");
  fs::create_directories(empty);
  struct Case {
    std::vector<std::string> args;
    std::string says;
  } cases[] = {
      {{"diff", "--scenario", seed_scenario(), "--policy", policy_62()}, "--policy exactly twice"},
      {{"diff", "--scenario", seed_scenario(), "--scenarios", empty, "--policy", policy_62(), "--policy", policy_63()},
       "either --scenario or --scenarios"},
      {{"diff", "--policy", policy_62(), "--policy", policy_63()}, "either --scenario or --scenarios"},
      {{"diff", "--scenario", seed_scenario(), "--policy", policy_62(), "--policy", "/nonexistent.json"},
       "/nonexistent.json: cannot read"},
      {{"diff", "--scenarios", empty, "--policy", policy_62(), "--policy", policy_63()}, empty + ": no *.json files"},
      {{"diff", "--scenario", policy_62(), "--policy", policy_62(), "--policy", policy_63()}, "looks like a policy"},
      {{"diff", "--scenario", seed_scenario(), "--policy", policy_62(), "--policy", policy_63(), "--format", "junit"},
       "--format: expected text or json"},
  };
  for (const Case& c : cases) {
    Invocation r = run_wbcheck(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.says << ": " << r.out;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  fs::remove_all(empty);
}

}  // namespace
}  // namespace wbcheck::e2e
