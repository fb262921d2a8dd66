// libFuzzer target: `wbcheck replay` on arbitrary bytes as a trace file
// (cli/trace_file.h), against the seed scenario and the 6.2 policy given on
// the command line, as a user replaying someone else's file would. The file
// is untrusted input (cli/trace_match.h): whatever it holds, replay exits 0
// (replays, property holds), 10 (reproduced) or 2 (not a trace of this
// model, with a message); an internal error (exit 3, a WBCHECK_CHECK abort),
// an exception, a crash or undefined behaviour is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "cli/options.h"
#include "cli/replay.h"

namespace {

// Replay prints every step and every rejection; a fuzz run would drown its
// own statistics in them.
std::ostringstream sink;

const std::string& trace_path() {
  static const std::string path = "/tmp/wbcheck-trace-fuzz-" + std::to_string(getpid()) + ".json";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::cout.rdbuf(sink.rdbuf());
  std::cerr.rdbuf(sink.rdbuf());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(trace_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  wbcheck::cli::ReplayOptions o;
  o.trace = trace_path();
  o.scenario = WBCHECK_SOURCE_DIR "/examples/scenarios/bug217030.json";
  o.policy = WBCHECK_SOURCE_DIR "/examples/policies/linux-6.2.json";
  const int status = wbcheck::cli::run_replay(o);
  sink.str("");
  sink.clear();
  if (status != 0 && status != 2 && status != 10) {
    std::fprintf(stderr, "trace_fuzzer: replay exited %d\n", status);
    std::abort();
  }
  return 0;
}
