#include "browser.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "e2e_util.h"

namespace wbcheck::e2e {
namespace {

namespace fs = std::filesystem;

// Waits for `pid`; on the deadline kills its process group (the browser's
// helper processes with it) and reaps it.
absl::StatusOr<int> wait_group(pid_t pid, double timeout_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  int status = 0;
  for (;;) {
    pid_t got = ::waitpid(pid, &status, WNOHANG);
    if (got == pid) return status;
    if (got < 0 && errno != EINTR) return absl::InternalError(absl::StrCat("waitpid: ", std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return absl::DeadlineExceededError(absl::StrCat("chromium still running after ", timeout_seconds, " s: killed"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::string find_chromium() {
  if (const char* env = std::getenv("WBCHECK_CHROMIUM"); env != nullptr && *env != '\0') return env;
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "";
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && (std::strcmp(ci, "true") == 0 || std::strcmp(ci, "1") == 0);
}

std::string file_url(const std::string& path) {
  std::string abs = fs::absolute(path).lexically_normal().string();
  std::string out = "file://";
  for (unsigned char ch : abs) {
    if (std::isalnum(ch) || std::strchr("/-._~", ch) != nullptr) out += static_cast<char>(ch);
    else out += absl::StrCat("%", absl::Hex(ch, absl::kZeroPad2));
  }
  return out;
}

absl::StatusOr<BrowserRun> run_chromium(const std::string& chromium, const std::vector<std::string>& args,
                                        double timeout_seconds) {
  const std::string profile = temp_path("chromium-profile");
  const std::string out_path = temp_path("chromium.out"), err_path = temp_path("chromium.err");
  std::vector<std::string> argv_s = {chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                     "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  ::setpgid(pid, pid);  // also here: the kill on timeout must not race the child's own setpgid
  absl::StatusOr<int> status = wait_group(pid, timeout_seconds);
  BrowserRun r;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::error_code ec;
  fs::remove_all(profile, ec);
  fs::remove(out_path, ec);
  fs::remove(err_path, ec);
  if (!status.ok()) return status.status();
  if (WIFEXITED(*status)) r.exit_code = WEXITSTATUS(*status);
  if (r.exit_code == 127) return absl::NotFoundError(absl::StrCat("cannot execute ", chromium));
  return r;
}

}  // namespace wbcheck::e2e
