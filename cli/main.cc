// wbcheck: parse -> load -> check -> print -> exit code. Only cli/ chooses
// exit codes: 0 holds, 10 violated, 5 inconclusive, 2 bad input, 3 internal.
#include <iostream>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/run_check.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  using wbcheck::cli::Command;
  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<Command> cmd = wbcheck::cli::parse_command_line(args);
  if (!cmd.ok()) {
    std::cerr << "wbcheck: " << cmd.status().message();
    return wbcheck::cli::kExitBadInput;
  }
  try {
    switch (cmd->kind) {
      case Command::Kind::kHelp: std::cout << wbcheck::cli::usage(); return 0;
      case Command::Kind::kVersion: std::cout << "wbcheck " << wbcheck::cli::kVersion << "\n"; return 0;
      case Command::Kind::kCheck: return wbcheck::cli::run_check(cmd->check);
      case Command::Kind::kList: return wbcheck::cli::run_list(cmd->list);
      case Command::Kind::kMatrix: return wbcheck::cli::run_matrix(cmd->matrix);
    }
  } catch (const std::exception& e) {
    std::cerr << "wbcheck: internal error: " << e.what() << "\n";
  }
  return wbcheck::cli::kExitInternal;
}
