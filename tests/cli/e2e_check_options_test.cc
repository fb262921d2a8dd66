// End-to-end: `wbcheck check` on the seed scenario (kernel bugzilla 217030)
// beyond the verdicts and traces of e2e_seed_test.cc: byte-for-byte
// determinism of the JSON and text reports under both policies, the Z3
// crosscheck and partial-order reduction on or off giving the same verdicts,
// every --threads count giving the same report,
// --out writing what stdout would, the text format, and the --max-states and
// --max-memory limits that make the run inconclusive (exit 5).
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "swimlane_lines.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------
// Determinism, the Z3 crosscheck, the text format, --out

std::vector<std::string> check_args(const std::string& policy, const std::string& format) {
  return {"check", "--scenario", seed_scenario(), "--policy", policy, "--format", format};
}

class BothPolicies : public ::testing::TestWithParam<std::string> {
 protected:
  std::string policy() const { return GetParam() == "6.2" ? policy_62() : policy_63(); }
  int expected_exit() const { return GetParam() == "6.2" ? 10 : 0; }
};

TEST_P(BothPolicies, JsonIsByteIdenticalAcrossRuns) {
  Invocation a = run_wbcheck(check_args(policy(), "json"));
  Invocation b = run_wbcheck(check_args(policy(), "json"));
  ASSERT_EQ(a.exit_code, expected_exit()) << a.err;
  ASSERT_EQ(b.exit_code, expected_exit()) << b.err;
  // The removed lines are there to remove.
  json j = parse_json(a);
  ASSERT_TRUE(j.is_object());
  for (const char* k : {"seconds", "peak_rss_bytes", "bytes_per_state"}) EXPECT_TRUE(j["stats"].contains(k)) << k;
  std::string sa = without_timing(a.out), sb = without_timing(b.out);
  EXPECT_NE(sa, a.out);
  EXPECT_EQ(sa.find("\"seconds\""), std::string::npos);
  EXPECT_EQ(sa, sb);
}

TEST_P(BothPolicies, TextIsByteIdenticalAcrossRuns) {
  Invocation a = run_wbcheck(check_args(policy(), "text"));
  Invocation b = run_wbcheck(check_args(policy(), "text"));
  ASSERT_EQ(a.exit_code, expected_exit()) << a.err;
  ASSERT_EQ(b.exit_code, expected_exit()) << b.err;
  EXPECT_EQ(without_timing(a.out), without_timing(b.out));
}

// Z3 re-evaluates every property on every state; the search, and so the
// verdicts, statuses and traces, must not change.
TEST_P(BothPolicies, Z3CrosscheckGivesTheSameVerdicts) {
  Invocation plain = run_wbcheck(check_args(policy(), "json"));
  std::vector<std::string> args = check_args(policy(), "json");
  args.push_back("--z3-crosscheck");
  Invocation z3 = run_wbcheck(args);
  EXPECT_EQ(z3.signal, 0);
  EXPECT_EQ(plain.exit_code, expected_exit()) << plain.err;
  EXPECT_EQ(z3.exit_code, plain.exit_code) << z3.err;
  json a = parse_json(plain), b = parse_json(z3);
  ASSERT_TRUE(a.is_object());
  ASSERT_TRUE(b.is_object());
  EXPECT_EQ(b.value("verdict", "z3"), a.value("verdict", "plain"));
  ASSERT_EQ(b["properties"].size(), a["properties"].size());
  for (size_t i = 0; i < a["properties"].size(); ++i) {
    const json& p = a["properties"][i];
    const json& q = b["properties"][i];
    EXPECT_EQ(q.value("id", ""), p.value("id", ""));
    EXPECT_EQ(q.value("status", "z3"), p.value("status", "plain")) << p.value("id", "");
    EXPECT_EQ(q.value("depth", 0u), p.value("depth", 1u)) << p.value("id", "");
    EXPECT_EQ(q.value("trace", json()), p.value("trace", json())) << p.value("id", "");
  }
  EXPECT_EQ(b["stats"].value("states", 0u), a["stats"].value("states", 1u));
}

// Partial-order reduction on or off: the same verdict and statuses
// (architecture.md "Checker": both modes must give the same verdicts).
TEST_P(BothPolicies, PorOnAndOffGiveTheSameVerdicts) {
  std::vector<std::string> on = check_args(policy(), "json"), off = on;
  on.insert(on.end(), {"--por", "on"});
  off.insert(off.end(), {"--por", "off"});
  Invocation a = run_wbcheck(on), b = run_wbcheck(off);
  EXPECT_EQ(a.exit_code, expected_exit()) << a.err;
  EXPECT_EQ(b.exit_code, expected_exit()) << b.err;
  json ja = parse_json(a), jb = parse_json(b);
  ASSERT_TRUE(ja.is_object());
  ASSERT_TRUE(jb.is_object());
  EXPECT_EQ(ja.value("verdict", "on"), jb.value("verdict", "off"));
  ASSERT_EQ(ja["properties"].size(), jb["properties"].size());
  for (size_t i = 0; i < ja["properties"].size(); ++i) {
    EXPECT_EQ(ja["properties"][i].value("id", ""), jb["properties"][i].value("id", ""));
    EXPECT_EQ(ja["properties"][i].value("status", "on"), jb["properties"][i].value("status", "off"))
        << ja["properties"][i].value("id", "");
  }
  EXPECT_FALSE(jb["stats"].value("por", true)) << "--por off must report por: false";
}

// --threads changes nothing in the report but the timing (checker/parallel_bfs.h);
// tests/cli/threads_equivalence_test.cc covers every example pair in-process.
TEST_P(BothPolicies, EveryThreadCountPrintsTheSameReport) {
  for (const char* format : {"json", "text"}) {
    std::vector<std::string> one = check_args(policy(), format);
    one.insert(one.end(), {"--threads", "1"});
    Invocation a = run_wbcheck(one);
    EXPECT_EQ(a.exit_code, expected_exit()) << a.err;
    for (const char* n : {"2", "3"}) {
      std::vector<std::string> more = check_args(policy(), format);
      more.insert(more.end(), {"--threads", n});
      Invocation b = run_wbcheck(more);
      EXPECT_EQ(b.exit_code, a.exit_code) << b.err;
      EXPECT_EQ(without_timing(b.out), without_timing(a.out)) << format << ", --threads " << n;
    }
  }
}

TEST_P(BothPolicies, OutFileHoldsWhatStdoutWouldForJson) {
  Invocation direct = run_wbcheck(check_args(policy(), "json"));
  std::string path = temp_path("report.json");
  std::vector<std::string> args = check_args(policy(), "json");
  args.insert(args.end(), {"--out", path});
  Invocation to_file = run_wbcheck(args);
  EXPECT_EQ(to_file.exit_code, direct.exit_code) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(to_file.err, "");
  std::string written = read_file(path);
  EXPECT_EQ(without_timing(written), without_timing(direct.out));
  EXPECT_TRUE(written.ends_with("}\n"));
  EXPECT_EQ(temp_leftovers(path), std::vector<std::string>{}) << "temporary file left behind";
  std::remove(path.c_str());
}

TEST_P(BothPolicies, OutFileHoldsWhatStdoutWouldForText) {
  Invocation direct = run_wbcheck(check_args(policy(), "text"));
  std::string path = temp_path("report.txt");
  // An existing file is replaced, not appended to or partly overwritten.
  {
    std::ofstream(path, std::ios::binary) << std::string(100000, 'x');
  }
  std::vector<std::string> args = check_args(policy(), "text");
  args.insert(args.end(), {"--out", path});
  Invocation to_file = run_wbcheck(args);
  EXPECT_EQ(to_file.exit_code, direct.exit_code) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(without_timing(read_file(path)), without_timing(direct.out));
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(Seed, BothPolicies, ::testing::Values("6.2", "6.3"),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                           return i.param == "6.2" ? std::string("Linux62") : std::string("Linux63");
                         });

// The text report: the verdict line, and each violated property's trace as
// swimlane lines numbered 1..N, each in the lane of the same task and naming
// the same step as the JSON trace.
TEST(TextFormat, ShowsVerdictAndOneNumberedLinePerStep) {
  Invocation text = run_wbcheck(check_args(policy_62(), "text"));
  Invocation js = run_wbcheck(check_args(policy_62(), "json"));
  EXPECT_EQ(text.exit_code, 10) << text.err;
  EXPECT_NE(text.out.find("verdict: violated\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("bug217030"), std::string::npos);
  EXPECT_NE(text.out.find("linux-6.2"), std::string::npos);
  json j = parse_json(js);
  ASSERT_TRUE(j.is_object());

  int violated = 0;
  for (const json& p : j["properties"]) {
    if (p.value("status", "") != "violated") continue;
    ++violated;
    std::string id = p.value("id", "");
    const json& steps = p["trace"]["steps"];
    std::string header = "\n" + id + ": violated after " + std::to_string(steps.size()) + " steps\n";
    size_t h = text.out.find(header);
    ASSERT_NE(h, std::string::npos) << "no line '" << header << "' in\n" << text.out;
    // This property's section ends at its closing "  <id> must hold:" line.
    // The step lines of its swimlane (swimlane_lines.h): {number, task by
    // lane, step}; other lines (statement, details, changes, locks) are the
    // printer's to choose.
    size_t end = text.out.find("\n  " + id + " must hold: ", h);
    ASSERT_NE(end, std::string::npos) << text.out;
    std::vector<SwimlaneStep> numbered = swimlane_steps(text.out.substr(h, end - h));
    ASSERT_EQ(numbered.size(), steps.size()) << id;
    for (size_t i = 0; i < steps.size(); ++i) {
      EXPECT_EQ(numbered[i].number, i + 1) << id;
      EXPECT_EQ(numbered[i].task, steps[i].value("task", "")) << id << " step " << i + 1;
      EXPECT_EQ(numbered[i].step, steps[i].value("step", "")) << id << " step " << i + 1;
    }
  }
  EXPECT_EQ(violated, 3);
}

// The seed's traces are shortest counterexamples, which never have a step
// to fold (docs/formats.md, "Text traces"): --no-fold prints the same report,
// and the default prints no fold line.
TEST(TextFormat, NoFoldChangesNothingOnShortestTraces) {
  Invocation def = run_wbcheck(check_args(policy_62(), "text"));
  std::vector<std::string> args = check_args(policy_62(), "text");
  args.push_back("--no-fold");
  Invocation all = run_wbcheck(args);
  EXPECT_EQ(all.exit_code, 10) << all.err;
  EXPECT_EQ(without_timing(all.out), without_timing(def.out));
  EXPECT_EQ(def.out.find("folded"), std::string::npos) << def.out;
}

TEST(TextFormat, HoldsOn63) {
  Invocation r = run_wbcheck(check_args(policy_63(), "text"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("verdict: holds\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("violated"), std::string::npos) << r.out;
}

TEST(TextFormat, IsTheDefault) {
  Invocation def = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62()});
  Invocation text = run_wbcheck(check_args(policy_62(), "text"));
  EXPECT_EQ(def.exit_code, 10);
  EXPECT_EQ(without_timing(def.out), without_timing(text.out));
}

// ---------------------------------------------------------------------------
// Limits: inconclusive, exit 5

TEST(Limits, MaxStatesMakesTheRunInconclusive) {
  std::vector<std::string> args = check_args(policy_63(), "json");
  args.insert(args.end(), {"--max-states", "10"});
  Invocation r = run_wbcheck(args);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.value("verdict", ""), "inconclusive");
  ASSERT_EQ(j["properties"].size(), kAllIds.size());
  for (const json& p : j["properties"]) {
    EXPECT_EQ(p.value("status", ""), "unknown") << p.value("id", "");
    EXPECT_FALSE(p.contains("trace")) << p.value("id", "");
  }
  EXPECT_EQ(j["stats"].value("stopped_by", ""), "max-states");
  EXPECT_GT(j["stats"].value("states", 0u), 0u);
  EXPECT_LE(j["stats"].value("states", 0u), 10u);
}

TEST(Limits, MaxStatesInTextFormat) {
  std::vector<std::string> args = check_args(policy_63(), "text");
  args.insert(args.end(), {"--max-states", "10"});
  Invocation r = run_wbcheck(args);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.out.find("verdict: inconclusive\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("max-states"), std::string::npos) << r.out;
}

// A limit the search does not reach changes nothing.
TEST(Limits, UnreachedMaxStatesChangesNothing) {
  Invocation plain = run_wbcheck(check_args(policy_63(), "json"));
  std::vector<std::string> args = check_args(policy_63(), "json");
  args.insert(args.end(), {"--max-states", "100000000"});
  Invocation limited = run_wbcheck(args);
  EXPECT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_EQ(without_timing(limited.out), without_timing(plain.out));
}

// The process already uses more than 1 KiB: the memory limit is hit at once.
TEST(Limits, MaxMemoryMakesTheRunInconclusive) {
  std::vector<std::string> args = check_args(policy_63(), "json");
  args.insert(args.end(), {"--max-memory", "1K"});
  Invocation r = run_wbcheck(args);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.value("verdict", ""), "inconclusive");
  EXPECT_EQ(j["stats"].value("stopped_by", ""), "max-memory");
}

}  // namespace
}  // namespace wbcheck::e2e
