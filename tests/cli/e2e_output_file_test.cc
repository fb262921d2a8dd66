// End-to-end: --out is written atomically (issue 8). A run that fails (bad
// input, an --out that is a directory, a write that fails half way, a process
// killed mid-search) never leaves a partial report under the --out name, nor
// a temporary file next to it; an existing file is left exactly as it was.
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

using nlohmann::json;

const std::string kOld = "the previous report\n";

// A fresh directory holding `out` (so that leftovers are easy to see), with
// kOld in it when `existing`.
std::string out_path(const std::string& name, bool existing) {
  std::filesystem::path dir = temp_path(name);
  std::filesystem::create_directories(dir);
  std::string path = (dir / "report.out").string();
  if (existing) std::ofstream(path, std::ios::binary) << kOld;
  return path;
}

// What a failed run must leave: the old file or none, and nothing else.
void expect_untouched(const std::string& path, bool existing) {
  if (existing) {
    EXPECT_EQ(read_file(path), kOld);
  } else {
    EXPECT_FALSE(std::filesystem::exists(path)) << "a failed run created " << path;
  }
  EXPECT_EQ(temp_leftovers(path), std::vector<std::string>{});
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    ++entries;
  }
  EXPECT_EQ(entries, existing ? 1u : 0u) << "something else was left next to " << path;
}

std::vector<std::string> seed_check(const std::string& out) {
  return {"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--format", "json", "--out", out};
}

class ExistingOrNot : public ::testing::TestWithParam<bool> {};

TEST_P(ExistingOrNot, BadInputLeavesOutUntouched) {
  std::string path = out_path("bad-input", GetParam());
  Invocation r = run_wbcheck({"check", "--scenario", bad_fixture("scenario_truncated.json"), "--policy", policy_62(),
                              "--out", path});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  expect_untouched(path, GetParam());
}

// RLIMIT_FSIZE (with SIGXFSZ ignored, which exec keeps) makes write(2) fail
// with EFBIG after 4 KiB: the report (tens of KiB) cannot be written whole.
TEST_P(ExistingOrNot, FailedWriteLeavesNoPartialFile) {
  std::string path = out_path("failed-write", GetParam());
  Running running = start_wbcheck(seed_check(path), "", [] {
    ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &lim);
  });
  Invocation r = finish_wbcheck(running, 60);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(path + ": cannot write: File too large"), std::string::npos) << r.err;
  expect_untouched(path, GetParam());
}

// Killed outright (no handler can run) in the middle of a long search: the
// report is only ever written at the end, so there is nothing under the name.
TEST_P(ExistingOrNot, KilledRunLeavesNoPartialFile) {
  std::string path = out_path("killed", GetParam());
  Running running = start_wbcheck({"check", "--scenario", long_scenario(), "--policy", policy_63(), "--format", "json",
                                   "--por", "off", "--out", path});
  ASSERT_TRUE(wait_until_caught(running.pid, SIGINT, 30));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(running.pid, SIGKILL);
  Invocation r = finish_wbcheck(running, 60);
  EXPECT_EQ(r.signal, SIGKILL) << "the search ended before the kill: the scenario is too small";
  expect_untouched(path, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Out, ExistingOrNot, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& i) {
                           return std::string(i.param ? "Existing" : "Absent");
                         });

// An --out that is a directory is refused before the search, not after it.
TEST(OutFile, DirectoryIsBadInputBeforeTheSearch) {
  std::filesystem::path dir = temp_path("out-dir");
  std::filesystem::create_directories(dir / "report");
  Invocation r = run_wbcheck(seed_check((dir / "report").string()));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find((dir / "report").string() + ": cannot write: Is a directory"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir / "report"));
  EXPECT_EQ(temp_leftovers((dir / "report").string()), std::vector<std::string>{});
}

// The report replaces the file with the permissions a new file gets (not the
// 0600 of the temporary file), or keeps those of the file it replaces.
TEST(OutFile, ReportHasOrdinaryPermissions) {
  std::string fresh = out_path("mode-new", false);
  ASSERT_EQ(run_wbcheck(seed_check(fresh)).exit_code, 10);
  mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(static_cast<mode_t>(std::filesystem::status(fresh).permissions()), 0666 & ~mask);

  std::string existing = out_path("mode-existing", true);
  std::filesystem::permissions(existing, std::filesystem::perms(0640));
  ASSERT_EQ(run_wbcheck(seed_check(existing)).exit_code, 10);
  EXPECT_EQ(static_cast<int>(std::filesystem::status(existing).permissions()), 0640);
  EXPECT_FALSE(json::parse(read_file(existing), nullptr, false).is_discarded());
  EXPECT_EQ(temp_leftovers(existing), std::vector<std::string>{});
}

}  // namespace
}  // namespace wbcheck::e2e
