// libFuzzer target: the policy loader on arbitrary bytes (see
// scenario_fuzzer.cc for the two ways in). Policies carry range expressions
// (model/expr), so this also fuzzes the expression parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/load.h"
#include "fuzz_util.h"
#include "model/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wbcheck;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_rejection(cli::policy_from_text(fuzz::kPath, text).status());
  absl::StatusOr<nlohmann::json> doc = cli::parse_json_document(fuzz::kPath, text);
  if (doc.ok()) fuzz::expect_clean_rejection(model::parse_policy(*doc, fuzz::kPath).status());
  return 0;
}
