// End-to-end: `wbcheck matrix` over the shipped examples and over directories
// made for the test. The matrix runs every policy against every scenario
// through the same code path as `check`, so its cells must agree with `check`;
// violations are its content (exit 0), bad files are exit 2 naming the file.
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

#define EXPECT_CONTAINS(haystack, needle) EXPECT_PRED_FORMAT2(::testing::IsSubstring, needle, haystack)

using nlohmann::json;
namespace fs = std::filesystem;

// The "name" of every *.json file in an examples directory.
std::vector<std::string> names_in(const std::string& relative_dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(source_path(relative_dir))) {
    if (e.path().extension() != ".json") continue;
    names.push_back(json::parse(read_file(e.path().string())).value("name", ""));
  }
  return names;
}

// The cell of `policy` x `scenario` in a --format json matrix (null if absent).
const json& cell(const json& matrix, const std::string& policy, const std::string& scenario) {
  static const json kNull;
  if (!matrix.contains("cells")) return kNull;
  for (const json& c : matrix["cells"]) {
    if (c.value("policy", "") == policy && c.value("scenario", "") == scenario) return c;
  }
  return kNull;
}

// The property entry `id` of a cell (null if absent).
const json& cell_property(const json& c, const std::string& id) {
  static const json kNull;
  if (!c.contains("properties")) return kNull;
  for (const json& p : c["properties"]) {
    if (p.value("id", "") == id) return p;
  }
  return kNull;
}

// A fresh directory holding `files` (name -> contents).
std::string make_dir(const std::string& stem, const std::vector<std::pair<std::string, std::string>>& files) {
  std::string dir = temp_path(stem);
  fs::create_directories(dir);
  for (const auto& [name, text] : files) std::ofstream(dir + "/" + name, std::ios::binary) << text;
  return dir;
}

// The shipped examples, once for the whole suite: the matrix is the slow part.
class ShippedMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new Invocation(run_wbcheck({"matrix", "--format", "json"}, WBCHECK_SOURCE_DIR));
    matrix_ = new json(parse_json(*run_));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete matrix_;
    run_ = nullptr;
    matrix_ = nullptr;
  }
  static Invocation* run_;
  static json* matrix_;
};
Invocation* ShippedMatrix::run_ = nullptr;
json* ShippedMatrix::matrix_ = nullptr;

TEST_F(ShippedMatrix, ExitsZeroDespiteViolations) {
  EXPECT_EQ(run_->signal, 0);
  EXPECT_EQ(run_->exit_code, 0) << run_->err;
  EXPECT_EQ(run_->err, "");
  ASSERT_TRUE(matrix_->is_object());
  EXPECT_EQ(matrix_->value("tool", ""), "wbcheck");
  // Keys in the documented order.
  size_t tool = run_->out.find("\"tool\""), version = run_->out.find("\"version\""),
         cells = run_->out.find("\"cells\"");
  EXPECT_LT(tool, version);
  EXPECT_LT(version, cells);
  EXPECT_NE(cells, std::string::npos);
}

TEST_F(ShippedMatrix, HasEveryPolicyScenarioPairOnce) {
  std::vector<std::string> policies = names_in("examples/policies"), scenarios = names_in("examples/scenarios");
  ASSERT_FALSE(policies.empty());
  ASSERT_FALSE(scenarios.empty());
  ASSERT_TRUE((*matrix_)["cells"].is_array());
  EXPECT_EQ((*matrix_)["cells"].size(), policies.size() * scenarios.size());
  std::set<std::pair<std::string, std::string>> seen;
  for (const json& c : (*matrix_)["cells"]) seen.insert({c.value("policy", ""), c.value("scenario", "")});
  for (const std::string& p : policies) {
    for (const std::string& s : scenarios) EXPECT_TRUE(seen.count({p, s})) << p << " x " << s;
  }
}

// The established facts of the seed: 6.2 hits the WARN in
// xfs_bmapi_convert_delalloc, 6.3 fixes everything.
TEST_F(ShippedMatrix, SeedCellsAreTheKnownVerdicts) {
  const json& c62 = cell(*matrix_, "linux-6.2", "bug217030");
  ASSERT_TRUE(c62.is_object()) << run_->out;
  EXPECT_EQ(c62.value("verdict", ""), "violated");
  const json& warn = cell_property(c62, "no-convert-delalloc-warn");
  EXPECT_EQ(warn.value("status", ""), "violated") << c62.dump();
  ASSERT_TRUE(warn.contains("steps") && warn["steps"].is_number_integer()) << c62.dump();
  EXPECT_GT(warn["steps"].get<int>(), 0);

  const json& c63 = cell(*matrix_, "linux-6.3", "bug217030");
  ASSERT_TRUE(c63.is_object()) << run_->out;
  EXPECT_EQ(c63.value("verdict", ""), "holds");
  ASSERT_FALSE(c63["properties"].empty());
  for (const json& p : c63["properties"]) {
    EXPECT_EQ(p.value("status", ""), "holds") << p.dump();
    EXPECT_TRUE(p["steps"].is_null()) << p.dump();
  }
}

// One code path: every cell says what `check` says for the same pair.
TEST_F(ShippedMatrix, CellsAgreeWithCheck) {
  for (const auto& [policy, file] : {std::pair{"linux-6.2", policy_62()}, std::pair{"linux-6.3", policy_63()}}) {
    SCOPED_TRACE(policy);
    Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", file, "--format", "json"});
    json report = parse_json(r);
    const json& c = cell(*matrix_, policy, "bug217030");
    ASSERT_TRUE(c.is_object());
    EXPECT_EQ(c.value("verdict", ""), report.value("verdict", "?"));
    EXPECT_EQ(c["states"], report["stats"]["states"]);
    ASSERT_EQ(c["properties"].size(), report["properties"].size());
    for (size_t i = 0; i < c["properties"].size(); ++i) {
      const json& m = c["properties"][i];
      const json& p = report["properties"][i];
      EXPECT_EQ(m["id"], p["id"]);
      EXPECT_EQ(m["status"], p["status"]) << m.dump();
      if (p["status"] == "violated") {
        EXPECT_EQ(m["steps"], p["trace"]["steps"].size()) << m.dump();
      }
    }
  }
}

TEST(Matrix, MarkdownIsDeterministicAndMachineIndependent) {
  // From the source tree (./examples) and from elsewhere (the built-in path):
  // the same bytes, with nothing of either path in them.
  Invocation a = run_wbcheck({"matrix", "--format", "markdown"}, WBCHECK_SOURCE_DIR);
  Invocation b = run_wbcheck({"matrix", "--format", "markdown"}, WBCHECK_SOURCE_DIR);
  Invocation c = run_wbcheck({"matrix", "--format", "markdown"}, ::testing::TempDir());
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.out, c.out);
  EXPECT_TRUE(a.out.starts_with("<!-- generated by: wbcheck matrix --format markdown; do not edit. "
                                "Regenerate with: make docs -->\n"))
      << a.out;
  EXPECT_EQ(a.out.find(WBCHECK_SOURCE_DIR), std::string::npos);
  EXPECT_CONTAINS(a.out, "## Scenario `bug217030`");
  EXPECT_CONTAINS(a.out, "**violated** (");
}

TEST(Matrix, TextHasOneTablePerScenario) {
  Invocation r = run_wbcheck({"matrix"}, WBCHECK_SOURCE_DIR);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& s : names_in("examples/scenarios")) EXPECT_CONTAINS(r.out, "\nscenario " + s + "\n");
  EXPECT_CONTAINS(r.out, "VIOL(");
  EXPECT_CONTAINS(r.out, "  linux-6.3  ");
}

TEST(Matrix, OutWritesWhatStdoutWould) {
  std::string path = temp_path("matrix.md");
  Invocation to_file = run_wbcheck({"matrix", "--format", "markdown", "--out", path});
  Invocation direct = run_wbcheck({"matrix", "--format", "markdown"});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(read_file(path), direct.out);
}

// A limit leaves properties unknown: the matrix is printed but incomplete.
TEST(Matrix, LimitHitIsExitFive) {
  Invocation r = run_wbcheck({"matrix", "--format", "json", "--max-states", "5"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  bool unknown = false;
  for (const json& c : j["cells"]) {
    for (const json& p : c["properties"]) unknown |= p.value("status", "") == "unknown";
  }
  EXPECT_TRUE(unknown) << r.out;
}

TEST(Matrix, BrokenPolicyFileIsBadInputNamingIt) {
  std::string dir = make_dir("broken-policies", {{"a-good.json", read_file(policy_63())},
                                                 {"b-broken.json", read_file(bad_fixture("policy_truncated.json"))}});
  Invocation r = run_wbcheck({"matrix", "--policies", dir});
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_CONTAINS(r.err, dir + "/b-broken.json");
}

TEST(Matrix, BrokenScenarioFileIsBadInputNamingIt) {
  std::string dir = make_dir("broken-scenarios", {{"s.json", "{\"name\": \"s\", \"tasks\": "}});
  Invocation r = run_wbcheck({"matrix", "--scenarios", dir});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_CONTAINS(r.err, dir + "/s.json");
}

TEST(Matrix, EmptyDirectoryIsBadInput) {
  std::string dir = make_dir("empty-policies", {{"README.txt", "not a policy"}});
  Invocation r = run_wbcheck({"matrix", "--policies", dir});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_CONTAINS(r.err, dir + ": no *.json files");
}

TEST(Matrix, MissingDirectoryIsBadInput) {
  std::string dir = temp_path("no-such-scenarios");
  Invocation r = run_wbcheck({"matrix", "--scenarios", dir});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_CONTAINS(r.err, dir);
}

TEST(Matrix, BadUsageIsExitTwo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"matrix", "--format", "xml"}, {"matrix", "--policies"}, {"matrix", "--fast", "1"},
           {"matrix", "--max-states", "many"}, {"matrix", "--time-limit", "0"}}) {
    Invocation r = run_wbcheck(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
    EXPECT_CONTAINS(r.err, "usage:");
  }
  // markdown is a matrix format only.
  Invocation c = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--format", "markdown"});
  EXPECT_EQ(c.exit_code, 2) << c.err;
}

TEST(Matrix, HelpMentionsMatrix) {
  Invocation r = run_wbcheck({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_CONTAINS(r.out, "wbcheck matrix [--policies DIR] [--scenarios DIR]");
}

}  // namespace
}  // namespace wbcheck::e2e
