// Every subcommand's options, in one table: what `wbcheck CMD --help` prints
// (command_help), which options the parser lets through to the subcommand's
// own parser (anything else starting with "-" is rejected here, exit 2), and
// what tests/cli/help_man_test.cc checks man/wbcheck.1 and --help against. An
// option the parser handles but the table lacks is therefore rejected, and a
// table entry the parser does not handle fails that test: the two cannot drift.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wbcheck::cli {

struct OptionDoc {
  const char* name;     // "--scenario"
  const char* value;    // "FILE", "text|json"; "" for an option without a value
  const char* help;     // one line
  const char* example;  // a value the parser accepts (tests); "" without a value
};

struct CommandDoc {
  const char* name;        // "check"
  const char* synopsis;    // the usage lines after "wbcheck "
  const char* summary;     // what it does and its exit status, a few lines
  int positionals;         // leading arguments that are not options (replay's trace file, list's topic)
  std::vector<OptionDoc> options;  // --help included
};

// Every subcommand, in the order of the overview (options.cc usage()).
const std::vector<CommandDoc>& command_docs();
// nullptr when `name` is no subcommand.
const CommandDoc* find_command_doc(std::string_view name);
// nullptr when `flag` is not an option of `doc`.
const OptionDoc* find_option(const CommandDoc& doc, std::string_view flag);

// `wbcheck CMD --help`: usage, summary, one line per option.
std::string command_help(const CommandDoc& doc);

// args[0] is doc's name. True when --help or -h is among the arguments;
// an error naming the first option that is not in doc's table (the message
// the subcommand's parser would give: "check: unknown option '--fast'").
absl::StatusOr<bool> wants_help(const CommandDoc& doc, const std::vector<std::string>& args);

}  // namespace wbcheck::cli
