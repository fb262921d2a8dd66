// Headless Chromium for the HTML report tests: find it, run it with a
// deadline, and decide what its absence means. In CI (the environment
// variable CI is "true" or "1", as GitHub, GitLab and .ci/run set it) a
// missing browser is a failure: scripts/install-deps installs Debian's
// `chromium`, so its absence there is a broken setup, not a reason to skip.
// Locally the tests skip with a message saying how to install it.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wbcheck::e2e {

// $WBCHECK_CHROMIUM if set, else the first of /usr/bin/chromium,
// /usr/bin/chromium-browser that is executable; "" when none is.
std::string find_chromium();

bool in_ci();

// What a browser run printed. `exit_code` -1 unless it exited normally.
struct BrowserRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs `chromium --headless --no-sandbox --disable-gpu --no-first-run
// --disable-dev-shm-usage` (containers often have a 64 MB /dev/shm) plus a
// fresh --user-data-dir (removed afterwards) plus `args`, in its own process
// group. --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
// A run still going after `timeout_seconds` has its whole group killed and is
// an error, as is a failure to start.
absl::StatusOr<BrowserRun> run_chromium(const std::string& chromium, const std::vector<std::string>& args,
                                        double timeout_seconds = 90);

// "file://" + the absolute path (percent-encoding the few bytes a test path
// could hold that a URL cannot).
std::string file_url(const std::string& path);

}  // namespace wbcheck::e2e
