#include "e2e_util.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

// temp_path() names files and directories "wbcheck_e2e_<pid>_..." in the test
// temporary directory; this removes this process's once its tests are done
// (WBCHECK_KEEP_TEMP=1 keeps them, to look at after a failure).
class RemoveTempPaths : public ::testing::Environment {
 public:
  void TearDown() override {
    if (std::getenv("WBCHECK_KEEP_TEMP") != nullptr) return;
    const std::string prefix = "wbcheck_e2e_" + std::to_string(::getpid()) + "_";
    std::error_code ec;
    std::vector<std::filesystem::path> mine;
    for (const auto& e : std::filesystem::directory_iterator(::testing::TempDir(), ec)) {
      if (e.path().filename().string().rfind(prefix, 0) == 0) mine.push_back(e.path());
    }
    for (const std::filesystem::path& p : mine) std::filesystem::remove_all(p, ec);
  }
};
[[maybe_unused]] ::testing::Environment* const kRemoveTempPaths =
    ::testing::AddGlobalTestEnvironment(new RemoveTempPaths);

// A new, empty temporary file open for writing; its path goes to `path`.
int make_temp(const std::string& stem, std::string& path) {
  std::string templ = ::testing::TempDir() + "wbcheck_e2e_" + stem + "_XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  path = buf.data();
  return fd;
}

// A change's "from"/"to": field values are printed as text, but a plain
// number is accepted too.
std::string value_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

// Polls with a growing sleep (50 us up to 5 ms) so that the many short runs of
// the hostile-input test are not slowed down by the polling itself.
absl::StatusOr<int> wait_with_timeout(pid_t pid, double timeout_seconds) {
  const auto start = std::chrono::steady_clock::now();
  auto nap = std::chrono::microseconds(50);
  int status = 0;
  for (;;) {
    pid_t got = ::waitpid(pid, &status, timeout_seconds > 0 ? WNOHANG : 0);
    if (got == pid) return status;
    if (got < 0 && errno != EINTR) return absl::InternalError(std::string("waitpid: ") + std::strerror(errno));
    if (got == 0) {
      std::chrono::duration<double> waited = std::chrono::steady_clock::now() - start;
      if (waited.count() > timeout_seconds) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return absl::DeadlineExceededError("wbcheck still running after " + std::to_string(timeout_seconds) +
                                           " s: killed (a hang)");
      }
      std::this_thread::sleep_for(nap);
      nap = std::min(nap * 2, std::chrono::microseconds(5000));
    }
  }
}

Running start_wbcheck(const std::vector<std::string>& args, const std::string& cwd,
                      const std::function<void()>& in_child) {
  Running r;
  int out_fd = make_temp("stdout", r.out_path);
  int err_fd = make_temp("stderr", r.err_path);
  if (out_fd < 0 || err_fd < 0) {
    ADD_FAILURE() << "mkstemp: " << std::strerror(errno);
    return r;
  }
  std::vector<std::string> argv_s = {WBCHECK_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int in_fd = ::open("/dev/null", O_RDONLY);
    if (in_fd < 0 || ::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    if (in_child) in_child();
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  if (pid < 0) ADD_FAILURE() << "fork: " << std::strerror(errno);
  r.pid = pid;
  return r;
}

Invocation finish_wbcheck(Running& running, double timeout_seconds) {
  Invocation r;
  if (running.pid < 0) return r;
  absl::StatusOr<int> status = wait_with_timeout(running.pid, timeout_seconds);
  running.pid = -1;
  if (!status.ok()) {
    ADD_FAILURE() << status.status().message();
    return r;
  }
  if (WIFEXITED(*status)) r.exit_code = WEXITSTATUS(*status);
  if (WIFSIGNALED(*status)) r.signal = WTERMSIG(*status);
  r.out = read_file(running.out_path);
  r.err = read_file(running.err_path);
  std::remove(running.out_path.c_str());
  std::remove(running.err_path.c_str());
  EXPECT_NE(r.exit_code, 126) << "could not set up the child process for " << WBCHECK_BIN;
  EXPECT_NE(r.exit_code, 127) << "could not execute " << WBCHECK_BIN;
  return r;
}

Invocation run_wbcheck(const std::vector<std::string>& args, const std::string& cwd) {
  Running running = start_wbcheck(args, cwd);
  return finish_wbcheck(running);
}

bool wait_until_caught(pid_t pid, int sig, double timeout_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  const std::string status_path = "/proc/" + std::to_string(pid) + "/status";
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream f(status_path);
    if (!f) return false;  // gone
    std::string line;
    while (std::getline(f, line)) {
      if (!line.starts_with("SigCgt:")) continue;
      unsigned long long mask = std::strtoull(line.c_str() + 7, nullptr, 16);
      if (mask & (1ULL << (sig - 1))) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

std::string source_path(const std::string& relative) { return std::string(WBCHECK_SOURCE_DIR) + "/" + relative; }
std::string seed_scenario() { return source_path("examples/scenarios/bug217030.json"); }
std::string policy_62() { return source_path("examples/policies/linux-6.2.json"); }
std::string policy_63() { return source_path("examples/policies/linux-6.3.json"); }
std::string bad_fixture(const std::string& name) { return source_path("tests/data/bad/" + name); }

std::string long_scenario() {
  static const std::string path = [] {
    std::filesystem::path dir = temp_path("big-scenario");
    std::filesystem::create_directories(dir);
    std::string p = (dir / "big.json").string();
    std::ofstream(p) << R"({"name": "big", "description": "generated by e2e_util.cc long_scenario(): a long search",
 "geometry": {"block_size": 1024, "folio_size": 4096, "file_blocks": 16}, "free_blocks": 64,
 "faults": {"alloc": "never", "alloc_errno": "ENOSPC", "io": "never"},
 "tasks": [
  {"name": "A", "ops": [{"op": "write", "pos": 0, "len": 5120, "sync": true}, {"op": "fsync"},
                        {"op": "write", "pos": 8192, "len": 4096}, {"op": "fsync"}]},
  {"name": "B", "ops": [{"op": "dio_write", "pos": 4096, "len": 4096}, {"op": "read", "pos": 0, "len": 8192},
                        {"op": "write", "pos": 1024, "len": 2048}, {"op": "fsync"}]},
  {"name": "C", "ops": [{"op": "write", "pos": 12288, "len": 4096, "sync": true}, {"op": "fsync"},
                        {"op": "read", "pos": 0, "len": 4096}, {"op": "fsync"}]},
  {"name": "D", "ops": [{"op": "write", "pos": 2048, "len": 4096}, {"op": "fsync"},
                        {"op": "write", "pos": 6144, "len": 1024}, {"op": "fsync"}]}]})";
    return p;
  }();
  return path;
}

std::string temp_path(const std::string& name) {
  static int counter = 0;
  return ::testing::TempDir() + "wbcheck_e2e_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         name;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> temp_leftovers(const std::string& path) {
  std::filesystem::path p(path);
  std::string prefix = p.filename().string() + ".tmp";
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(p.parent_path(), ec)) {
    if (e.path().filename().string().starts_with(prefix)) out.push_back(e.path().string());
  }
  return out;
}

nlohmann::json parse_json(const Invocation& r) {
  try {
    return nlohmann::json::parse(r.out);
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "stdout is not JSON: " << e.what() << "\n--- stdout ---\n"
                  << r.out << "\n--- stderr ---\n"
                  << r.err;
    return nullptr;
  }
}

std::string without_timing(const std::string& report) {
  static const std::regex kTiming(
      R"re((^[ \t]*"(seconds|peak_rss_bytes|bytes_per_state)":[^\n]*\n)|(^[ \t]*(time|peak memory \(RSS\)|bytes per stored state)[ \t][^\n]*\n))re",
      std::regex::multiline);
  return std::regex_replace(report, kTiming, "");
}

const nlohmann::json& property(const nlohmann::json& report, const std::string& id) {
  static const nlohmann::json kNull;
  if (!report.is_object() || !report.contains("properties")) return kNull;
  for (const nlohmann::json& p : report["properties"]) {
    if (p.value("id", "") == id) return p;
  }
  return kNull;
}

TraceState::TraceState(const nlohmann::json& steps) : steps_(steps) {}

void TraceState::seed(const std::string& key, const std::string& value) { initial_[key] = value; }

std::string TraceState::before(size_t index, const std::string& key) const {
  bool known = initial_.count(key) > 0;
  std::string value = known ? initial_.at(key) : "";
  for (size_t i = 0; i < steps_.size(); ++i) {
    const nlohmann::json& changes = steps_[i]["changes"];
    if (!changes.contains(key)) continue;
    if (!known) {  // never seeded: its first "from" is its initial value
      value = value_text(changes[key]["from"]);
      known = true;
    }
    if (i >= index) break;
    value = value_text(changes[key]["to"]);
  }
  return value;
}

std::vector<size_t> TraceState::changes_of(const std::string& key) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < steps_.size(); ++i) {
    if (steps_[i]["changes"].contains(key)) out.push_back(i);
  }
  return out;
}

std::string TraceState::inconsistency() const {
  std::map<std::string, std::string> value = initial_;
  for (size_t i = 0; i < steps_.size(); ++i) {
    for (const auto& [key, c] : steps_[i]["changes"].items()) {
      std::string from = value_text(c["from"]), to = value_text(c["to"]);
      auto it = value.find(key);
      if (it != value.end() && it->second != from) {
        return "step " + std::to_string(i + 1) + " changes " + key + " from " + from + " but it was " + it->second;
      }
      if (from == to) return "step " + std::to_string(i + 1) + " lists " + key + " unchanged at " + from;
      value[key] = to;
    }
  }
  return "";
}

std::string change(const nlohmann::json& step, const std::string& key) {
  if (!step.contains("changes") || !step["changes"].contains(key)) return "";
  const nlohmann::json& c = step["changes"][key];
  return value_text(c["from"]) + "->" + value_text(c["to"]);
}

}  // namespace wbcheck::e2e
