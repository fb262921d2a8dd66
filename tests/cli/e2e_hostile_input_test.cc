// Hostile input (issue 8, "Done when"): every shipped scenario and policy,
// mutated deterministically (json_mutations.h: types swapped, numbers at
// their limits, huge and odd strings, keys and elements removed, the text
// truncated and corrupted, empty, binary) and also a directory and a missing
// path. Each variant must give exit 2 with a message naming the file (and,
// when the file is still valid JSON, the JSON path), or a normal verdict (0,
// 10 or 5) with a parseable report: never a crash, a signal, a hang or exit 3.
// The same for trace files given to `wbcheck replay` (HostileTrace).
//
// Speed: each variant runs `wbcheck check` in a forked copy of this process
// through cli::run_command, exactly what main() runs, without exec'ing the
// binary (about 10x faster). A crash or an abort kills only the fork and is
// seen as a signal. Every 32nd variant also runs through the real binary,
// which must agree. Each run has --max-states and --time-limit, and an
// alarm(2) deadline on top (SIGALRM kills a run that hangs, and the test
// fails naming it), so a hang fails the test instead of stalling it; the
// alarm rather than a polling parent keeps the short runs fast.
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "e2e_util.h"
#include "gtest/gtest.h"
#include "json_mutations.h"
#include "tests/sample_size.h"

namespace wbcheck::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr unsigned kDeadlineSeconds = 20;  // per run; the search itself stops at 5 s
constexpr size_t kBinaryEvery = 32;

struct Outcome {
  int exit_code = -1;
  int signal = 0;
  std::string hang;  // non-empty: killed at the deadline
  std::string out, err;
};

// Runs `wbcheck args...` in a fork of this process, stdout and stderr to
// files under `dir`.
Outcome run_forked(const std::vector<std::string>& args, const std::string& dir) {
  const std::string out_path = dir + "/stdout", err_path = dir + "/stderr";
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
    ::alarm(kDeadlineSeconds);
    int code = cli::run_command(args);
    std::cout.flush();
    std::fflush(stdout);
    ::_exit(code);  // not exit(): this is a copy of the test process
  }
  Outcome o;
  if (pid < 0) {
    o.hang = "fork failed";
    return o;
  }
  absl::StatusOr<int> status = wait_with_timeout(pid, 0);  // the alarm bounds it
  if (!status.ok()) {
    o.hang = std::string(status.status().message());
    return o;
  }
  if (WIFEXITED(*status)) o.exit_code = WEXITSTATUS(*status);
  if (WIFSIGNALED(*status)) o.signal = WTERMSIG(*status);
  o.out = read_file(out_path);
  o.err = read_file(err_path);
  return o;
}

// What is wrong with `o`, or "" when it is an acceptable answer to a hostile
// `file`. `structural`: the file is valid JSON, so a rejection names a path.
std::string judge(const Outcome& o, const std::string& file, bool structural) {
  if (!o.hang.empty()) return o.hang;
  if (o.signal == SIGALRM) return "no answer within " + std::to_string(kDeadlineSeconds) + " s: a hang";
  if (o.signal != 0) return "killed by signal " + std::to_string(o.signal) + ": " + o.err;
  if (o.exit_code == 2) {
    if (o.err.find(file) == std::string::npos) return "exit 2 without naming the file: " + o.err;
    if (structural && o.err.find(": $") == std::string::npos) return "exit 2 without a JSON path: " + o.err;
    return "";
  }
  if (o.exit_code == 0 || o.exit_code == 5 || o.exit_code == 10) {
    json j = json::parse(o.out, nullptr, false);
    if (j.is_discarded() || !j.contains("verdict")) return "exit " + std::to_string(o.exit_code) + " without a report";
    return "";
  }
  return "exit " + std::to_string(o.exit_code) + ": " + o.err;
}

struct Input {
  std::string file;  // relative to the source tree
  bool scenario;     // else a policy
};

void PrintTo(const Input& in, std::ostream* os) { *os << in.file; }

std::vector<Input> shipped_inputs() {
  std::vector<Input> out;
  for (const char* kind : {"scenarios", "policies"}) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(source_path(std::string("examples/") + kind))) {
      if (e.path().extension() == ".json") files.push_back(std::string("examples/") + kind + "/" + e.path().filename().string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) out.push_back({f, std::string(kind) == "scenarios"});
  }
  return out;
}

// `check` with `file` in its slot and a shipped file in the other.
std::vector<std::string> check_args(const std::string& file, bool scenario) {
  std::string s = scenario ? file : seed_scenario();
  std::string p = scenario ? policy_63() : file;
  return {"check", "--scenario", s, "--policy", p, "--format", "json", "--max-states", "3000", "--time-limit", "5"};
}

// Counts of what the variants of one file gave, for the summary line.
struct Tally {
  size_t runs = 0, rejected = 0, verdicts = 0, binary_runs = 0;
  std::vector<std::string> problems;
};

void try_variant(const Mutation& m, size_t index, const Input& in, const std::string& dir, Tally& t) {
  const std::string path = dir + "/" + fs::path(in.file).filename().string();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << m.bytes;
  std::vector<std::string> args = check_args(path, in.scenario);
  Outcome o = run_forked(args, dir);
  ++t.runs;
  (o.exit_code == 2 ? t.rejected : t.verdicts) += 1;
  std::string why = judge(o, path, m.structural);
  if (!why.empty()) t.problems.push_back(m.name + ": " + why.substr(0, 400));
  if (index % kBinaryEvery != 0) return;
  ++t.binary_runs;
  Running running = start_wbcheck(args, "", [] { ::alarm(kDeadlineSeconds); });
  Invocation real = finish_wbcheck(running, 2 * kDeadlineSeconds);
  if (real.signal != 0 || real.exit_code != o.exit_code) {
    t.problems.push_back(m.name + ": the binary gave exit " + std::to_string(real.exit_code) + " signal " +
                         std::to_string(real.signal) + ", run_command exit " + std::to_string(o.exit_code));
  }
}

class HostileInput : public ::testing::TestWithParam<Input> {};

TEST_P(HostileInput, EveryVariantIsRejectedOrChecked) {
  const Input& in = GetParam();
  const std::string dir = temp_path("hostile");
  fs::create_directories(dir);
  std::vector<Mutation> variants = mutations_of(read_file(source_path(in.file)), stable_hash(in.file) ^ 8);
  ASSERT_GT(variants.size(), 50u);
  Tally t;
  for (size_t i = 0; i < variants.size(); ++i) try_variant(variants[i], i, in, dir, t);
  std::cout << in.file << ": " << t.runs << " variants, " << t.rejected << " rejected (exit 2), " << t.verdicts
            << " checked, " << t.binary_runs << " also through the binary\n";
  std::string report;
  for (size_t i = 0; i < t.problems.size() && i < 20; ++i) report += "  " + t.problems[i] + "\n";
  EXPECT_TRUE(t.problems.empty()) << t.problems.size() << " bad outcomes, the first:\n" << report;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Shipped, HostileInput, ::testing::ValuesIn(shipped_inputs()),
                         [](const ::testing::TestParamInfo<Input>& i) {
                           std::string name = i.param.file.substr(std::string("examples/").size());
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// Not regular files: a directory, a missing path, /dev/null (a character
// device that reads as empty). Through the real binary, in both slots.
TEST(HostileInputPaths, DirectoryMissingAndDevNullAreRejected) {
  const std::string dir = temp_path("hostile-paths");
  fs::create_directories(dir);
  for (bool scenario : {true, false}) {
    for (const std::string& path : {dir, dir + "/missing.json", std::string("/dev/null")}) {
      Running running = start_wbcheck(check_args(path, scenario));
      Invocation r = finish_wbcheck(running, kDeadlineSeconds);
      EXPECT_EQ(r.signal, 0) << path;
      EXPECT_EQ(r.exit_code, 2) << path << ": " << r.err;
      EXPECT_NE(r.err.find(path + ": "), std::string::npos) << r.err;
    }
  }
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------
// Trace files (`wbcheck replay`): the seed's 6.2 counterexample written by
// `check --trace-out`, mutated the same way. A mutation can leave a valid
// trace (a value set to the one it had), so a replay is as acceptable as a
// rejection; a crash, a hang, exit 3 or a vague message is not.

std::string judge_replay(const Outcome& o, const std::string& file, bool structural) {
  if (o.exit_code == 0 || o.exit_code == 10) {
    bool concluded = o.out.ends_with(": reproduced\n") || o.out.ends_with("does not reproduce the violation\n");
    return concluded ? "" : "exit " + std::to_string(o.exit_code) + " without a conclusion: " + o.out.substr(0, 200);
  }
  if (o.exit_code == 5) return "exit 5: replay has no limits";
  return judge(o, file, structural);
}

// Sampled evenly: the trace is ~1000 lines, so all of its variants would be
// over 20000 runs, and holding them all (~1 GB) would make every fork slow.
// Under the sanitizers a third of them (tests/sample_size.h; the trace_fuzzer
// covers hostile traces there too).
constexpr size_t kMaxTraceVariants = wbcheck::testing::sampled(400, 130);

std::vector<Mutation> sampled_trace_variants(const std::string& text) {
  std::vector<Mutation> all = mutations_of(text, 217030), out;
  const size_t stride = std::max<size_t>(1, all.size() / kMaxTraceVariants);
  for (size_t i = 0; i < all.size(); i += stride) out.push_back(std::move(all[i]));
  all.clear();
  all.shrink_to_fit();
  ::malloc_trim(0);  // give the freed variants back, or every fork copies their page tables
  return out;
}

TEST(HostileTrace, EveryVariantIsRefusedOrReplayed) {
  const std::string dir = temp_path("hostile-trace");
  fs::create_directories(dir);
  const std::string original = dir + "/original.json", path = dir + "/trace.json";
  Outcome made = run_forked({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--trace-out", original}, dir);
  ASSERT_EQ(made.exit_code, 10) << made.err;
  const std::vector<Mutation> variants = sampled_trace_variants(read_file(original));
  size_t runs = 0, rejected = 0;
  std::vector<std::string> problems;
  for (size_t i = 0; i < variants.size(); ++i) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << variants[i].bytes;
    Outcome o = run_forked({"replay", path}, dir);
    ++runs;
    rejected += o.exit_code == 2;
    std::string why = judge_replay(o, path, variants[i].structural);
    if (!why.empty()) problems.push_back(variants[i].name.substr(0, 100) + ": " + why.substr(0, 400));
  }
  std::cout << "trace: " << runs << " variants replayed, " << rejected << " rejected (exit 2)\n";
  std::string report;
  for (size_t i = 0; i < problems.size() && i < 20; ++i) report += "  " + problems[i] + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " bad outcomes, the first:\n" << report;
  fs::remove_all(dir);
}

// The judge itself: each kind of bad outcome is caught.
TEST(HostileInputJudge, RejectsCrashesHangsInternalErrorsAndVagueMessages) {
  EXPECT_EQ(judge({2, 0, "", "", "wbcheck: F: $.a: expected"}, "F", true), "");
  EXPECT_EQ(judge({10, 0, "", "{\"verdict\": \"violated\"}", ""}, "F", true), "");
  EXPECT_NE(judge({-1, 6, "", "", ""}, "F", true), "");
  EXPECT_NE(judge({-1, SIGALRM, "", "", ""}, "F", true), "");
  EXPECT_NE(judge({-1, 0, "hung", "", ""}, "F", true), "");
  EXPECT_NE(judge({3, 0, "", "", "wbcheck: internal error"}, "F", true), "");
  EXPECT_NE(judge({2, 0, "", "", "wbcheck: bad input"}, "F", true), "");
  EXPECT_NE(judge({2, 0, "", "", "wbcheck: F: bad"}, "F", true), "");
  EXPECT_EQ(judge({2, 0, "", "", "wbcheck: F: line 1: invalid JSON"}, "F", false), "");
  EXPECT_NE(judge({0, 0, "", "truncated {", ""}, "F", true), "");
}

}  // namespace
}  // namespace wbcheck::e2e
