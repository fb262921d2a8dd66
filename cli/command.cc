#include "cli/command.h"

#include <exception>
#include <iostream>

#include "cli/diff.h"
#include "cli/interrupt.h"
#include "cli/option_docs.h"
#include "cli/options.h"
#include "cli/prove.h"
#include "cli/prove_ranges.h"
#include "cli/bmc.h"
#include "cli/replay.h"
#include "cli/run_check.h"
#include "cli/version.h"

namespace wbcheck::cli {

int run_command(const std::vector<std::string>& args) {
  absl::StatusOr<Command> cmd = parse_command_line(args);
  if (!cmd.ok()) {
    std::cerr << "wbcheck: " << cmd.status().message();
    return kExitBadInput;
  }
  // Searches end on SIGINT/SIGTERM as on a limit (cli/interrupt.h); list,
  // replay, help and version keep the default behaviour.
  if (cmd->kind == Command::Kind::kCheck || cmd->kind == Command::Kind::kMatrix || cmd->kind == Command::Kind::kDiff) {
    install_interrupt_handlers();
  }
  try {
    switch (cmd->kind) {
      case Command::Kind::kHelp:
        std::cout << (cmd->help_topic.empty() ? usage() : command_help(*find_command_doc(cmd->help_topic)));
        return kExitHolds;
      case Command::Kind::kVersion: std::cout << "wbcheck " << kVersion << "\n"; return kExitHolds;
      case Command::Kind::kCheck: return run_check(cmd->check);
      case Command::Kind::kList: return run_list(cmd->list);
      case Command::Kind::kMatrix: return run_matrix(cmd->matrix);
      case Command::Kind::kProveRanges: return run_prove_ranges(cmd->prove_ranges);
      case Command::Kind::kReplay: return run_replay(cmd->replay);
      case Command::Kind::kDiff: return run_diff(cmd->diff);
      case Command::Kind::kBmc: return run_bmc(cmd->bmc);
      case Command::Kind::kProve: return run_prove(cmd->prove);
    }
  } catch (const std::exception& e) {
    std::cerr << "wbcheck: internal error: " << e.what() << "\n";
  }
  return kExitInternal;
}

}  // namespace wbcheck::cli
