// Shared by the libFuzzer targets: what every input must satisfy whatever it
// is. A broken expectation aborts, which libFuzzer reports as a crash and
// saves the input (crash-<sha1>) for a regression test.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"

namespace wbcheck::fuzz {

// The name the fuzzed text goes by in messages.
inline const std::string kPath = "fuzz-input.json";

// A rejection is an InvalidArgument whose message starts with the file name
// (cli/ prints it and exits 2); anything else is a bug.
inline void expect_clean_rejection(const absl::Status& st) {
  if (st.ok()) return;
  const std::string msg(st.message());
  if (st.code() != absl::StatusCode::kInvalidArgument || msg.rfind(kPath + ": ", 0) != 0) {
    std::fprintf(stderr, "bad rejection (code %d): %s\n", static_cast<int>(st.code()), msg.c_str());
    std::abort();
  }
}

}  // namespace wbcheck::fuzz
