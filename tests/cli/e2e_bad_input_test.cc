// End-to-end: bad input files and bad command lines. The contract
// (architecture.md "Command line"): exit 2, a message on stderr naming the
// file and the JSON path of the fault; never exit 3, never a signal.
// Fixtures live in tests/data/bad/.
#include <ostream>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

#define EXPECT_CONTAINS(haystack, needle) EXPECT_PRED_FORMAT2(::testing::IsSubstring, needle, haystack)

// The checks every rejected run shares.
void expect_rejected(const Invocation& r) {
  EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << "\n" << r.err;
  EXPECT_NE(r.exit_code, 3) << "internal error instead of a bad-input report:\n" << r.err;
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "") << "nothing goes to stdout on bad input";
  EXPECT_TRUE(r.err.starts_with("wbcheck: ")) << r.err;
  EXPECT_TRUE(r.err.ends_with("\n")) << r.err;
}

struct BadFile {
  const char* name;       // test name
  const char* role;       // "scenario" or "policy": which argument is bad
  std::string path;       // the bad file
  std::vector<std::string> expect;  // substrings of stderr besides the path
};

// gtest names parameters by these (not by a byte dump).
void PrintTo(const BadFile& b, std::ostream* os) { *os << b.role << " " << b.path; }

std::vector<BadFile> bad_files() {
  return {
      {"BlockSizeNotAPowerOfTwo", "scenario", bad_fixture("scenario_block_size.json"),
       {"$.geometry.block_size", "1000"}},
      {"OpPosIsAString", "scenario", bad_fixture("scenario_pos_string.json"), {"$.tasks[0].ops[0].pos"}},
      {"ScenarioNotAnObject", "scenario", bad_fixture("scenario_not_object.json"), {"$", "object"}},
      {"ScenarioTruncated", "scenario", bad_fixture("scenario_truncated.json"), {"line 4", "column 1"}},
      {"ScenarioEmpty", "scenario", bad_fixture("empty.json"), {"line 1", "column 1"}},
      {"ScenarioBinaryGarbage", "scenario", bad_fixture("garbage.bin"), {"line 1", "column 1", "invalid JSON"}},
      {"ScenarioMissing", "scenario", bad_fixture("does-not-exist.json"), {"No such file or directory"}},
      {"ScenarioIsADirectory", "scenario", source_path("tests/data/bad"), {"is a directory"}},
      {"UnknownPrimitive", "policy", bad_fixture("policy_unknown_primitive.json"),
       {"$.hooks.on_map_failure[0]", "punch_everything", "punch_delalloc"}},
      {"MalformedExpression", "policy", bad_fixture("policy_bad_expression.json"),
       {"$.hooks.on_map_failure[0].punch_delalloc.end", "round_up(pos"}},
      {"PolicyTruncated", "policy", bad_fixture("policy_truncated.json"), {"line 5", "column"}},
      {"PolicyEmpty", "policy", bad_fixture("empty.json"), {"line 1", "column 1"}},
      {"PolicyBinaryGarbage", "policy", bad_fixture("garbage.bin"), {"invalid JSON"}},
      {"PolicyMissing", "policy", bad_fixture("does-not-exist.json"), {"No such file or directory"}},
      {"PolicyIsADirectory", "policy", source_path("tests/data/bad"), {"is a directory"}},
      // Each file is valid JSON but the wrong kind: the unknown key is named.
      {"PolicyGivenAsScenario", "scenario", policy_62(), {"unknown key"}},
      {"ScenarioGivenAsPolicy", "policy", seed_scenario(), {"unknown key"}},
  };
}

class BadFileTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFileTest, ExitsTwoNamingTheFileAndThePath) {
  const BadFile& b = GetParam();
  bool bad_scenario = std::string(b.role) == "scenario";
  std::string scenario = bad_scenario ? b.path : seed_scenario();
  std::string policy = bad_scenario ? policy_63() : b.path;
  for (const char* format : {"text", "json"}) {
    SCOPED_TRACE(format);
    Invocation r = run_wbcheck({"check", "--scenario", scenario, "--policy", policy, "--format", format});
    expect_rejected(r);
    EXPECT_CONTAINS(r.err, b.path);
    // The good file is not blamed.
    if (scenario != policy) {
      EXPECT_EQ(r.err.find(bad_scenario ? policy : scenario), std::string::npos) << r.err;
    }
    for (const std::string& e : b.expect) EXPECT_CONTAINS(r.err, e);
    // A data error is one line, not a usage dump.
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    EXPECT_EQ(r.err.find("usage:"), std::string::npos) << r.err;
  }
}

// The message gives the JSON path right after the file name, so that the
// fault can be found with `jq` or an editor.
TEST(BadFile, JsonPathFollowsTheFileName) {
  Invocation r = run_wbcheck({"check", "--scenario", bad_fixture("scenario_block_size.json"), "--policy", policy_62()});
  expect_rejected(r);
  EXPECT_TRUE(r.err.starts_with("wbcheck: " + bad_fixture("scenario_block_size.json") + ": $.geometry.block_size:"))
      << r.err;
}

// Both files bad: the scenario is read first and named.
TEST(BadFile, ScenarioIsReportedFirst) {
  Invocation r = run_wbcheck({"check", "--scenario", bad_fixture("scenario_pos_string.json"), "--policy",
                       bad_fixture("policy_bad_expression.json")});
  expect_rejected(r);
  EXPECT_CONTAINS(r.err, "scenario_pos_string.json");
}

// --out into a directory that does not exist: nothing written, exit 2, the
// path named.
TEST(BadFile, UnwritableOut) {
  std::string out = temp_path("no-such-dir") + "/report.json";
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--out", out});
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_CONTAINS(r.err, out);
}

// on_map_failure with 300 primitives, the last the 6.2 over-punch. The hook
// position is kept in a uint8_t (TaskState::wb_hook), so it wraps at 256:
// the punch never runs, task A loops in the hook forever and the run says
// "holds" (exit 0) -- a CI gate would pass a policy it never checked. The
// same policy with fewer than 256 primitives is violated. Either rejecting
// the list (exit 2, naming $.hooks.on_map_failure) or checking it faithfully
// (exit 10) is right; "holds" is not.
TEST(BadFile, HookLongerThanTheStateCanCountIsRejected) {
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy",
                       bad_fixture("policy_too_many_primitives.json"), "--format", "json"});
  EXPECT_EQ(r.signal, 0);
  EXPECT_NE(r.exit_code, 3) << r.err;
  // 300 primitives: more than the state's hook counter may count (16).
  EXPECT_EQ(r.exit_code, 2) << r.out.substr(0, 400);
  EXPECT_CONTAINS(r.err, "$.hooks.on_map_failure");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadFileTest, ::testing::ValuesIn(bad_files()),
                         [](const ::testing::TestParamInfo<BadFile>& i) { return std::string(i.param.name); });

// ---------------------------------------------------------------------------
// Usage errors

struct BadUsage {
  const char* name;
  std::vector<std::string> args;  // {"S"} and {"P"} stand for the seed scenario and 6.2 policy
  std::string expect;             // substring of stderr
};

void PrintTo(const BadUsage& u, std::ostream* os) {
  *os << "wbcheck";
  for (const std::string& a : u.args) *os << " '" << a << "'";
}

std::vector<BadUsage> bad_usages() {
  return {
      {"UnknownCommand", {"frobnicate"}, "unknown command 'frobnicate'"},
      {"UnknownCommandThatLooksLikeAFlag", {"--scenario", "S", "--policy", "P"}, "unknown command"},
      {"MissingPolicy", {"check", "--scenario", "S"}, "--policy"},
      {"MissingScenario", {"check", "--policy", "P"}, "--scenario"},
      {"CheckWithNothing", {"check"}, "--scenario"},
      {"BadFormat", {"check", "--scenario", "S", "--policy", "P", "--format", "xml"}, "xml"},
      {"EmptyFormat", {"check", "--scenario", "S", "--policy", "P", "--format", ""}, "--format"},
      {"BadMaxMemoryWord", {"check", "--scenario", "S", "--policy", "P", "--max-memory", "lots"}, "--max-memory"},
      {"BadMaxMemoryZero", {"check", "--scenario", "S", "--policy", "P", "--max-memory", "0"}, "--max-memory"},
      {"BadMaxMemoryNegative", {"check", "--scenario", "S", "--policy", "P", "--max-memory", "-1G"}, "--max-memory"},
      {"BadMaxMemoryOverflow",
       {"check", "--scenario", "S", "--policy", "P", "--max-memory", "99999999999999999999G"},
       "--max-memory"},
      {"BadMaxMemoryUnit", {"check", "--scenario", "S", "--policy", "P", "--max-memory", "12Q"}, "--max-memory"},
      {"BadMaxStates", {"check", "--scenario", "S", "--policy", "P", "--max-states", "ten"}, "--max-states"},
      {"NegativeMaxStates", {"check", "--scenario", "S", "--policy", "P", "--max-states", "-5"}, "--max-states"},
      {"BadTimeLimit", {"check", "--scenario", "S", "--policy", "P", "--time-limit", "0"}, "--time-limit"},
      {"BadPor", {"check", "--scenario", "S", "--policy", "P", "--por", "maybe"}, "--por"},
      {"ZeroThreads", {"check", "--scenario", "S", "--policy", "P", "--threads", "0"}, "--threads"},
      {"BadThreads", {"check", "--scenario", "S", "--policy", "P", "--threads", "two"}, "--threads"},
      {"TooManyThreads", {"check", "--scenario", "S", "--policy", "P", "--threads", "100000"}, "--threads"},
      {"UnknownOption", {"check", "--scenario", "S", "--policy", "P", "--fast"}, "--fast"},
      {"FlagWithoutValue", {"check", "--scenario", "S", "--policy"}, "--policy"},
      {"ListWithoutWhat", {"list"}, "list"},
      {"ListUnknown", {"list", "frobs"}, "frobs"},
      {"ListExtraArgument", {"list", "properties", "extra"}, "extra"},
  };
}

class BadUsageTest : public ::testing::TestWithParam<BadUsage> {};

TEST_P(BadUsageTest, ExitsTwoWithAMessage) {
  std::vector<std::string> args;
  for (const std::string& a : GetParam().args) {
    args.push_back(a == "S" ? seed_scenario() : a == "P" ? policy_62() : a);
  }
  Invocation r = run_wbcheck(args);
  expect_rejected(r);
  EXPECT_CONTAINS(r.err, GetParam().expect);
  EXPECT_CONTAINS(r.err, "usage:");
}

INSTANTIATE_TEST_SUITE_P(CommandLines, BadUsageTest, ::testing::ValuesIn(bad_usages()),
                         [](const ::testing::TestParamInfo<BadUsage>& i) { return std::string(i.param.name); });

// Help and version are not errors.
TEST(Usage, HelpAndVersionExitZero) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{}, {"help"}, {"--help"}, {"-h"}}) {
    Invocation r = run_wbcheck(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "usage:");
    EXPECT_CONTAINS(r.out, "wbcheck check --scenario");
  }
  Invocation v = run_wbcheck({"--version"});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_TRUE(v.out.starts_with("wbcheck ")) << v.out;
}

}  // namespace
}  // namespace wbcheck::e2e
