// The progress line of `wbcheck check` (cli/progress_line.h): written to
// stderr only when stderr is a terminal and --quiet is not given. The
// terminal is a pseudo-terminal from forkpty(3); the child's stdout goes to
// /dev/null so that what the master reads is stderr alone.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

struct PtyRun {
  int exit_code = -1;
  std::string err;  // everything written to the terminal
};

// Runs wbcheck with `args` on a pseudo-terminal (stderr), stdout to
// /dev/null; kills it after timeout_seconds.
PtyRun run_on_pty(const std::vector<std::string>& args, double timeout_seconds = 60) {
  std::vector<std::string> argv_s = {WBCHECK_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    if (null < 0 || dup2(null, STDOUT_FILENO) < 0) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }
  PtyRun r;
  EXPECT_GT(pid, 0) << "forkpty failed";
  if (pid <= 0) return r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0) break;  // EIO once the child's side is closed
      r.err.append(buf, static_cast<size_t>(n));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      ADD_FAILURE() << "wbcheck still running after " << timeout_seconds << " s";
      break;
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  return r;
}

std::vector<std::string> long_check(const std::string& threads) {
  return {"check", "--scenario", long_scenario(), "--policy", policy_62(), "--time-limit", "1.5",
          "--threads", threads};
}

// A 1.5 s search refreshes the line every 0.25 s: several lines, each
// "\rstates N (R/s)  depth D  queue Q  rss M MiB  m:ss.s" erased to the end of
// the line, and the last thing written erases it.
TEST(ProgressLine, ShownOnATerminal) {
  for (const char* threads : {"1", "2"}) {
    PtyRun r = run_on_pty(long_check(threads));
    EXPECT_EQ(r.exit_code, 5) << r.err;
    size_t lines = 0;
    for (size_t at = r.err.find("\rstates "); at != std::string::npos; at = r.err.find("\rstates ", at + 1)) ++lines;
    EXPECT_GE(lines, 2u) << threads << " threads: " << r.err;
    for (const char* part : {"/s)  depth ", "  queue ", "  rss ", " MiB  0:0", "\x1b[K"}) {
      EXPECT_NE(r.err.find(part), std::string::npos) << part << " in " << r.err;
    }
    EXPECT_TRUE(r.err.ends_with("\r\x1b[K")) << r.err;
  }
}

TEST(ProgressLine, QuietOnATerminalWritesNothing) {
  std::vector<std::string> args = long_check("1");
  args.push_back("--quiet");
  PtyRun r = run_on_pty(args);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_EQ(r.err, "");
}

// stderr to a file (run_wbcheck): nothing, though the search runs 1.5 s.
TEST(ProgressLine, NothingWhenStderrIsAFile) {
  Invocation r = run_wbcheck(long_check("1"));
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace wbcheck::e2e
