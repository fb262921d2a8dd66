// libFuzzer target: the scenario loader on arbitrary bytes, the path
// `wbcheck check --scenario` takes after reading the file. Two ways in: the
// CLI's (JSON syntax, nesting, the exception backstop) and the model parser
// alone on any document that parses, without the backstop, so that an
// exception from model/ is a crash here rather than a message there.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/load.h"
#include "fuzz_util.h"
#include "model/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wbcheck;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_rejection(cli::scenario_from_text(fuzz::kPath, text).status());
  absl::StatusOr<nlohmann::json> doc = cli::parse_json_document(fuzz::kPath, text);
  if (doc.ok()) fuzz::expect_clean_rejection(model::parse_scenario(*doc, fuzz::kPath).status());
  return 0;
}
