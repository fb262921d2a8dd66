// libFuzzer target: `wbcheck check` on small fuzzed scenarios. Every input
// that loads as a scenario is checked against one of the shipped policies
// (chosen by a hash of the input, so the same input always meets the same
// policy) under a small state limit, and the report printed in every format:
// the model's steps, the properties, trace replay and the printers all run on
// scenarios nobody wrote by hand. An internal error (WBCHECK_CHECK aborts) or
// an exception is a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "checker/print_junit.h"
#include "checker/print_sarif.h"
#include "checker/report.h"
#include "cli/check_pair.h"
#include "cli/load.h"

namespace {

// The shipped policies, loaded once. A missing or bad one is a setup error.
const std::vector<wbcheck::model::Policy>& policies() {
  static const std::vector<wbcheck::model::Policy> all = [] {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(WBCHECK_SOURCE_DIR "/examples/policies")) {
      if (e.path().extension() == ".json") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<wbcheck::model::Policy> out;
    for (const std::string& f : files) {
      absl::StatusOr<wbcheck::model::Policy> p = wbcheck::cli::load_policy(f);
      if (!p.ok()) {
        std::fprintf(stderr, "check_fuzzer: %s\n", std::string(p.status().message()).c_str());
        std::abort();
      }
      out.push_back(*std::move(p));
    }
    if (out.empty()) std::abort();
    return out;
  }();
  return all;
}

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wbcheck;
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<model::Scenario> scenario = cli::scenario_from_text("fuzz-input.json", text);
  if (!scenario.ok()) return 0;  // the scenario fuzzer covers rejections
  const model::Policy& policy = policies()[fnv1a(text) % policies().size()];
  cli::CheckOptions o;
  o.max_states = 5000;  // keeps one input to milliseconds
  absl::StatusOr<checker::Report> report = cli::check_pair(*scenario, policy, o);
  if (!report.ok()) return 0;  // the model rejects the pair: exit 2, a message
  (void)checker::print_text(*report);
  (void)checker::print_json(*report);
  (void)checker::print_junit(*report);
  (void)checker::print_sarif(*report, "policy.json");
  return 0;
}
