// End-to-end: `wbcheck list properties|primitives|policies`.
#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

// The first word of every line.
std::vector<std::string> first_words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string w;
    if (words >> w) out.push_back(w);
  }
  return out;
}

Invocation list(const std::string& what, const std::string& cwd = "") {
  Invocation r = run_wbcheck({"list", what}, cwd);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return r;
}

TEST(List, PropertiesListsTheSixIdsWithStatements) {
  Invocation r = list("properties");
  std::vector<std::string> ids = first_words(r.out);
  std::multiset<std::string> got(ids.begin(), ids.end());
  for (const char* id : {"dirty-block-backed", "no-convert-delalloc-warn", "discard-within-locked-folio",
                         "no-delalloc-at-evict", "reservations-balanced", "no-deadlock"}) {
    EXPECT_EQ(got.count(id), 1u) << id << " in\n" << r.out;
  }
  // Each line carries a statement after the id.
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string id, first_word_of_statement;
    words >> id >> first_word_of_statement;
    EXPECT_FALSE(first_word_of_statement.empty()) << line;
  }
}

// `list properties` and the report of `check` name the same properties, in
// the same order.
TEST(List, PropertiesMatchTheCheckReport) {
  Invocation l = list("properties");
  Invocation c = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--format", "json"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  nlohmann::json j = parse_json(c);
  ASSERT_TRUE(j.is_object());
  std::vector<std::string> reported;
  for (const nlohmann::json& p : j["properties"]) reported.push_back(p.value("id", ""));
  EXPECT_EQ(first_words(l.out), reported);
}

TEST(List, PrimitivesListsPunchDelalloc) {
  Invocation r = list("primitives");
  std::vector<std::string> names = first_words(r.out);
  EXPECT_EQ(std::count(names.begin(), names.end(), "punch_delalloc"), 1) << r.out;
  EXPECT_NE(r.out.find("xfs_bmap_punch_delalloc_range"), std::string::npos) << r.out;
}

// The shipped policies are found from the source tree and from anywhere else.
TEST(List, PoliciesListsTheShippedPolicies) {
  for (const std::string& cwd : {std::string(WBCHECK_SOURCE_DIR), ::testing::TempDir()}) {
    SCOPED_TRACE("cwd " + cwd);
    Invocation r = list("policies", cwd);
    std::vector<std::string> names = first_words(r.out);
    std::set<std::string> got(names.begin(), names.end());
    EXPECT_TRUE(got.count("linux-6.2")) << r.out;
    EXPECT_TRUE(got.count("linux-6.3")) << r.out;
    EXPECT_EQ(r.out.find("(invalid:"), std::string::npos) << r.out;
  }
}

TEST(List, PoliciesFromADirectory) {
  Invocation r = run_wbcheck({"list", "policies", "--dir", source_path("examples/policies")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names = first_words(r.out);
  // Kernel versions in numeric order, then the proposals.
  EXPECT_EQ(names, (std::vector<std::string>{"linux-5.9", "linux-5.10", "linux-5.18", "linux-5.19", "linux-6.2",
                                             "linux-6.3", "linux-6.6", "linux-6.9", "linux-6.17", "proposal-redirty",
                                             "proposal-remove-discard", "proposal-sick-inode"}))
      << r.out;
}

TEST(List, PoliciesFromAMissingDirectoryIsBadInput) {
  std::string dir = temp_path("no-such-policies");
  Invocation r = run_wbcheck({"list", "policies", "--dir", dir});
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(dir), std::string::npos) << r.err;
}

}  // namespace
}  // namespace wbcheck::e2e
