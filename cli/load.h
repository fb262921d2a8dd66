// Reading scenario and policy files: the file system and JSON syntax errors
// here, the structural checks in model/. Nothing in here throws; every failure
// is an InvalidArgument status whose message starts with the path.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "model/policy.h"
#include "model/scenario.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {

// The top-level JSON object in `path`. Errors: "PATH: cannot read: <strerror>",
// "PATH: is a directory", "PATH: line L, column C: invalid JSON: ...",
// "PATH: $: expected an object, got ...".
absl::StatusOr<nlohmann::json> read_json_file(const std::string& path);

absl::StatusOr<model::Scenario> load_scenario(const std::string& path);
absl::StatusOr<model::Policy> load_policy(const std::string& path);

// The same, on text already in memory (the fuzz targets); `path` only names
// it in the messages. parse_json_document is read_json_file after the read.
absl::StatusOr<nlohmann::json> parse_json_document(const std::string& path, const std::string& text);
absl::StatusOr<model::Scenario> scenario_from_text(const std::string& path, const std::string& text);
absl::StatusOr<model::Policy> policy_from_text(const std::string& path, const std::string& text);

}  // namespace wbcheck::cli
