// End-to-end: `wbcheck prove-ranges` on the shipped policies. Expected
// verdicts are the hand-derived ones of tests/properties/range_proof_test.cc:
// 6.3's [pos, folio_pos + folio_size) is proved; 6.2's round_up range is
// refuted, and its first broken clause is `inside` (the wrap of bug 217030:
// pos == folio_pos == 0 gives end_fsb 0, and the lookup finds the file's last
// extent past the folio); a policy without a punch has nothing to prove.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

std::string policy(const std::string& name) { return source_path("examples/policies/" + name + ".json"); }

TEST(ProveRangesCommand, Linux63IsProved) {
  Invocation r = run_wbcheck({"prove-ranges", "--policy", policy("linux-6.3")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("proved   $.hooks.on_map_failure[0] punch [pos, folio_pos + folio_size)"), std::string::npos)
      << r.out;
}

TEST(ProveRangesCommand, Linux62IsRefutedByTheWrap) {
  Invocation r = run_wbcheck({"prove-ranges", "--policy", policy("linux-6.2")});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.out.find("refuted  $.hooks.on_map_failure[0] punch [pos, round_up(pos, folio_size))"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("inside broken:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("folio_pos 0, pos 0,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("end_fsb 0 wraps"), std::string::npos) << r.out;
}

TEST(ProveRangesCommand, NoPunchNothingToProve) {
  Invocation r = run_wbcheck({"prove-ranges", "--policy", policy("proposal-remove-discard")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nothing to prove"), std::string::npos) << r.out;
}

TEST(ProveRangesCommand, BadInputExitsTwo) {
  Invocation missing = run_wbcheck({"prove-ranges", "--policy", "/nonexistent/p.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/p.json"), std::string::npos) << missing.err;
  Invocation no_policy = run_wbcheck({"prove-ranges"});
  EXPECT_EQ(no_policy.exit_code, 2);
  EXPECT_NE(no_policy.err.find("--policy is required"), std::string::npos) << no_policy.err;
  Invocation bad_format = run_wbcheck({"prove-ranges", "--policy", policy("linux-6.3"), "--format", "json"});
  EXPECT_EQ(bad_format.exit_code, 2);
}

// docs/prove-ranges.md (make docs) holds, for every shipped policy, exactly
// the section `prove-ranges --format markdown` prints now.
TEST(ProveRangesCommand, DocsHoldEveryShippedPolicysVerdict) {
  std::ifstream in(source_path("docs/prove-ranges.md"));
  std::stringstream doc;
  doc << in.rdbuf();
  ASSERT_FALSE(doc.str().empty()) << "docs/prove-ranges.md is missing: run `make docs`";
  std::vector<std::filesystem::path> policies;
  for (const auto& e : std::filesystem::directory_iterator(source_path("examples/policies"))) {
    if (e.path().extension() == ".json") policies.push_back(e.path());
  }
  ASSERT_GE(policies.size(), 12u);
  for (const auto& p : policies) {
    Invocation r = run_wbcheck({"prove-ranges", "--policy", p.string(), "--format", "markdown"});
    EXPECT_NE(doc.str().find(r.out), std::string::npos)
        << p.filename() << ": docs/prove-ranges.md is stale (run `make docs`); now:\n" << r.out;
  }
}

}  // namespace
}  // namespace wbcheck::e2e
