// The command line: `wbcheck check ...` and `wbcheck list ...` (architecture.md
// "Command line"). Parsing never exits; a bad command line is a status whose
// message the caller prints before exiting 2.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wbcheck::cli {

enum class Format { kText, kJson };

struct CheckOptions {
  std::string scenario;
  std::string policy;
  Format format = Format::kText;
  std::string out;  // empty: stdout
  bool por = true;
  bool z3_crosscheck = false;
  uint64_t max_states = 0;
  uint64_t max_memory_bytes = 0;
  double time_limit_seconds = 0;
};

struct ListOptions {
  std::string what;  // properties | primitives | policies
  std::string dir;   // for policies
};

struct Command {
  enum class Kind { kCheck, kList, kHelp, kVersion } kind = Kind::kHelp;
  CheckOptions check;
  ListOptions list;
};

absl::StatusOr<Command> parse_command_line(const std::vector<std::string>& args);
// "512M", "2G", "1048576": bytes.
absl::StatusOr<uint64_t> parse_size(const std::string& text);
const char* usage();

}  // namespace wbcheck::cli
