// End-to-end test helpers: run the real `wbcheck` executable (its path comes
// from CMake as WBCHECK_BIN) and capture its exit status, stdout and stderr.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace wbcheck::e2e {

// What one run of the executable did. `exit_code` is -1 unless it exited
// normally; `signal` is 0 unless a signal killed it.
struct Invocation {
  int exit_code = -1;
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs WBCHECK_BIN with `args` (stdin from /dev/null), in `cwd` when it is not
// empty. stdout and stderr go to temporary files, read back afterwards.
Invocation run_wbcheck(const std::vector<std::string>& args, const std::string& cwd = "");

// A wbcheck started in the background by start_wbcheck, to be signalled and
// then collected by finish_wbcheck. pid is -1 when it could not be started.
struct Running {
  pid_t pid = -1;
  std::string out_path, err_path;
};
// `in_child`, when set, runs in the child just before exec (e.g. to set an
// rlimit): only async-signal-safe calls there.
Running start_wbcheck(const std::vector<std::string>& args, const std::string& cwd = "",
                      const std::function<void()>& in_child = nullptr);
// Waits for `r` to end. With timeout_seconds > 0, a run still going after
// that long is killed (SIGKILL) and the test fails: a hang is a failure, not
// a test that never ends.
Invocation finish_wbcheck(Running& r, double timeout_seconds = 0);

// waitpid with a deadline (none when timeout_seconds <= 0): the wait status,
// or an error saying what went wrong; a child still running at the deadline is
// killed (SIGKILL) and reaped, and the error says it hung.
absl::StatusOr<int> wait_with_timeout(pid_t pid, double timeout_seconds);

// Waits (at most timeout_seconds) until process `pid` has installed a handler
// for `sig`, read from the SigCgt mask of /proc/PID/status: a signal sent
// after that reaches wbcheck's handler, never the default action of a process
// still starting up. False on timeout or when the process has gone.
bool wait_until_caught(pid_t pid, int sig, double timeout_seconds);

// Paths into the source tree.
std::string source_path(const std::string& relative);
std::string seed_scenario();  // examples/scenarios/bug217030.json
std::string policy_62();      // examples/policies/linux-6.2.json
std::string policy_63();      // examples/policies/linux-6.3.json
std::string bad_fixture(const std::string& name);  // tests/data/bad/<name>
// A scenario generated once per test process, alone in its directory (the
// name is big.json): four fault-free tasks of four syscalls each, whose
// interleavings multiply to millions of states (tens of seconds with --por
// off), for tests that need a search still running when they act on it.
std::string long_scenario();

// A fresh path under the test temp dir (the file does not exist yet).
std::string temp_path(const std::string& name);
std::string read_file(const std::string& path);
// Files next to `path` whose name starts with its name and ".tmp": what an
// atomic --out write could leave behind. Empty when the write cleaned up.
std::vector<std::string> temp_leftovers(const std::string& path);

// The JSON on stdout; a parse failure is a test failure (and yields null).
nlohmann::json parse_json(const Invocation& r);

// Report text without the run-dependent statistics: the JSON lines
// "seconds", "peak_rss_bytes" and "bytes_per_state", and the text lines
// "time", "peak memory (RSS)" and "bytes per stored state". Everything else is
// kept byte for byte.
std::string without_timing(const std::string& report);

// The id of every property `wbcheck check` reports.
inline const std::vector<std::string> kAllIds = {
    "dirty-block-backed",    "no-convert-delalloc-warn", "discard-within-locked-folio",
    "no-delalloc-at-evict",  "reservations-balanced",    "ifs-dirty-consistent",
    "no-ifs-free-under-writeback", "no-silent-data-loss", "no-stale-read", "no-deadlock"};

// The property object with `id` in a --format json report (null if absent).
const nlohmann::json& property(const nlohmann::json& report, const std::string& id);

// Replays a trace's "changes" to know the value of any field before any
// step. Fields that never change keep the value given to `seed`.
class TraceState {
 public:
  explicit TraceState(const nlohmann::json& steps);
  // Declares the initial value of a field (must be called before `at`).
  void seed(const std::string& key, const std::string& value);
  // The text value of `key` just before step `index` (index == size: after the
  // last step): seeded, else the "from" of the first step that changes it,
  // else "" (unknown).
  std::string before(size_t index, const std::string& key) const;
  // Indices of the steps that change `key`.
  std::vector<size_t> changes_of(const std::string& key) const;
  // Every change's "from" equals the replayed value: the trace is consistent.
  // Returns the first inconsistency found, or "" when there is none.
  std::string inconsistency() const;

 private:
  nlohmann::json steps_;
  std::map<std::string, std::string> initial_;
};

// The "changes" entry of `step` for `key` as "from->to", or "" if unchanged.
std::string change(const nlohmann::json& step, const std::string& key);

}  // namespace wbcheck::e2e
