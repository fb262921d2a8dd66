// End-to-end: `wbcheck check --baseline F`. Baselines are real `--format
// json` reports of the seed under 6.2 (three properties violated) and 6.3
// (none), plus hand-written ones; what each property's status was and is comes
// from those reports, and the expected exit status from the table in
// cli/baseline.h: 10 a new violation, 5 a new inconclusive property, else 0.
#include <fstream>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

using nlohmann::json;

class Baseline : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base62_ = new std::string(temp_path("baseline-6.2.json"));
    base63_ = new std::string(temp_path("baseline-6.3.json"));
    Invocation a = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--format", "json",
                                "--out", *base62_});
    Invocation b = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--format", "json",
                                "--out", *base63_});
    ASSERT_EQ(a.exit_code, 10) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
  }
  static void TearDownTestSuite() {
    std::remove(base62_->c_str());
    std::remove(base63_->c_str());
    delete base62_;
    delete base63_;
  }
  // The ids `report` (a baseline file) gives `status`.
  static std::vector<std::string> ids_with(const std::string& report, const std::string& status) {
    std::vector<std::string> out;
    const json doc = json::parse(read_file(report));  // named: a range-for over a temporary's member dangles
    for (const json& p : doc["properties"]) {
      if (p["status"] == status) out.push_back(p["id"]);
    }
    return out;
  }
  static Invocation check(const std::string& policy, const std::string& baseline, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"check", "--scenario", seed_scenario(), "--policy", policy, "--baseline", baseline};
    args.insert(args.end(), more.begin(), more.end());
    return run_wbcheck(args);
  }
  static std::string write_temp(const std::string& name, const std::string& text) {
    std::string p = temp_path(name);
    std::ofstream(p) << text;
    return p;
  }
  static std::string* base62_;
  static std::string* base63_;
};
std::string* Baseline::base62_ = nullptr;
std::string* Baseline::base63_ = nullptr;

TEST_F(Baseline, FixingKnownViolationsPassesAndListsThem) {
  const std::vector<std::string> fixed = ids_with(*base62_, "violated");
  ASSERT_EQ(fixed.size(), 3u);
  Invocation r = check(policy_63(), *base62_);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const std::string& id : fixed) {
    EXPECT_NE(r.out.find(id + std::string(29 - id.size(), ' ') + "violated -> holds     fixed"), std::string::npos)
        << id << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("  " + std::to_string(kAllIds.size() - fixed.size()) + " unchanged\n"), std::string::npos);
  EXPECT_NE(r.out.find("(exit 0)"), std::string::npos);
}

TEST_F(Baseline, NewViolationsFail) {
  Invocation r = check(policy_62(), *base63_);
  EXPECT_EQ(r.exit_code, 10) << r.out << r.err;
  for (const std::string& id : ids_with(*base62_, "violated")) {
    EXPECT_NE(r.out.find(id + std::string(29 - id.size(), ' ') + "holds    -> violated  new violation"),
              std::string::npos)
        << id << "\n" << r.out;
  }
  EXPECT_NE(r.err.find("note: the baseline " + *base63_ + " is a report of policy \"linux-6.3\""), std::string::npos)
      << r.err;
}

TEST_F(Baseline, KnownViolationsPass) {
  Invocation r = check(policy_62(), *base62_);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  " + std::to_string(kAllIds.size()) + " unchanged\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verdict: violated"), std::string::npos) << "the report itself is unchanged:\n" << r.out;
}

TEST_F(Baseline, NewlyUndecidedIsInconclusive) {
  // 10 states: far too few to reach any violation (the shortest takes 11 steps).
  Invocation r = check(policy_63(), *base63_, {"--max-states", "10"});
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.out.find("holds    -> unknown   new inconclusive"), std::string::npos) << r.out;
  Invocation same = check(policy_62(), *base62_, {"--max-states", "10"});
  EXPECT_EQ(same.exit_code, 5) << "violated -> unknown may hide the violation\n" << same.out;
}

TEST_F(Baseline, MachineFormatsKeepTheirSchema) {
  Invocation r = check(policy_63(), *base62_, {"--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json j = parse_json(r);
  EXPECT_EQ(j["verdict"], "holds");
  EXPECT_FALSE(j.contains("baseline"));
  EXPECT_NE(r.err.find("fixed"), std::string::npos) << "the comparison goes to stderr";
}

TEST_F(Baseline, AbsentAndDroppedProperties) {
  const std::string f = write_temp("handmade.json", R"({"tool": "wbcheck", "scenario": "bug217030", "policy": "x",
      "properties": [{"id": "no-stale-read", "status": "holds"}, {"id": "retired-property", "status": "violated"}]})");
  Invocation r = check(policy_62(), f);
  EXPECT_EQ(r.exit_code, 10) << "a violated property absent from the baseline is new\n" << r.out;
  EXPECT_NE(r.out.find("absent   -> violated  new violation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("absent   -> holds     added"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("retired-property             violated -> absent    dropped"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  1 unchanged\n"), std::string::npos) << r.out;
  std::remove(f.c_str());
}

struct BadBaseline {
  const char* name;
  const char* text;
  const char* where;  // what the message must say after "FILE: "
};

TEST_F(Baseline, BadBaselineIsBadInputNamingFileAndPath) {
  const BadBaseline cases[] = {
      {"not-json", "{\"tool\": ", "line 1, column 10: invalid JSON"},
      {"not-object", "[1]", "$: expected an object"},
      {"no-tool", R"({"scenario": "bug217030", "policy": "p", "properties": []})", "$.tool: "},
      {"other-tool", R"({"tool": "spin", "scenario": "bug217030", "policy": "p", "properties": []})",
       "$.tool: expected \"wbcheck\""},
      {"no-properties", R"({"tool": "wbcheck", "scenario": "bug217030", "policy": "p"})", "$.properties: "},
      {"bad-status",
       R"({"tool": "wbcheck", "scenario": "bug217030", "policy": "p", "properties": [{"id": "a", "status": "holds"}, {"id": "b", "status": "maybe"}]})",
       "$.properties[1].status: expected one of"},
      {"bad-id", R"({"tool": "wbcheck", "scenario": "bug217030", "policy": "p", "properties": [{"id": 7, "status": "holds"}]})",
       "$.properties[0].id: expected a string"},
      {"duplicate",
       R"({"tool": "wbcheck", "scenario": "bug217030", "policy": "p", "properties": [{"id": "a", "status": "holds"}, {"id": "a", "status": "holds"}]})",
       "$.properties[1].id: duplicate property id \"a\""},
      {"other-scenario", R"({"tool": "wbcheck", "scenario": "other", "policy": "p", "properties": []})",
       "$.scenario: the baseline is a report of scenario \"other\""},
  };
  for (const BadBaseline& c : cases) {
    const std::string f = write_temp(std::string(c.name) + ".json", c.text);
    Invocation r = check(policy_62(), f);
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_NE(r.err.find(f + ": " + c.where), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(r.out, "") << c.name << ": the search must not run";
    std::remove(f.c_str());
  }
  Invocation missing = check(policy_62(), "/nonexistent-wbcheck/baseline.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent-wbcheck/baseline.json: cannot read"), std::string::npos) << missing.err;
}

// A baseline records its scenario file's fingerprint: one recorded on another
// version of the scenario (same name, one field changed) is refused, since its
// verdicts say nothing of this file's; one without the key (older reports) is
// taken as it is.
TEST_F(Baseline, AnotherVersionOfTheScenarioIsRefused) {
  json edited = json::parse(read_file(seed_scenario()));
  ASSERT_TRUE(edited.contains("free_blocks"));
  edited["free_blocks"] = edited["free_blocks"].get<int>() - 1;
  const std::string scenario = write_temp("edited-seed.json", edited.dump(2));
  const std::string old = temp_path("baseline-edited.json");
  Invocation rec = run_wbcheck({"check", "--scenario", scenario, "--policy", policy_62(), "--format", "json", "--out", old});
  ASSERT_EQ(rec.exit_code, 10) << rec.err;
  const json recorded = json::parse(read_file(old));
  ASSERT_EQ(recorded["scenario"], json::parse(read_file(seed_scenario()))["name"]);
  ASSERT_TRUE(recorded.contains("scenario_fingerprint"));
  EXPECT_NE(recorded["scenario_fingerprint"], json::parse(read_file(*base62_))["scenario_fingerprint"]);
  Invocation r = check(policy_63(), old);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(old + ": $.scenario_fingerprint: the baseline is a report of another version of scenario"),
            std::string::npos) << r.err;
  json stripped = recorded;
  stripped.erase("scenario_fingerprint");
  const std::string older = write_temp("baseline-without-fingerprint.json", stripped.dump(2));
  EXPECT_EQ(check(policy_63(), older).exit_code, 0);  // 6.2's violations fixed
  std::remove(scenario.c_str());
  std::remove(old.c_str());
  std::remove(older.c_str());
}

}  // namespace
}  // namespace wbcheck::e2e

namespace wbcheck::e2e {
namespace {

TEST(NewCheckOptions, MissingValueIsBadUsage) {
  for (const char* flag : {"--baseline", "--dot", "--html"}) {
    Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), flag});
    EXPECT_EQ(r.exit_code, 2) << flag;
    EXPECT_NE(r.err.find(std::string(flag) + ": missing value"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("usage:"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace wbcheck::e2e
