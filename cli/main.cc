// wbcheck: parse -> load -> check -> print -> exit code. Only cli/ chooses
// exit codes: 0 holds, 10 violated, 5 inconclusive, 2 bad input, 3 internal.
// Everything is in run_command (cli/command.h), which tests call in-process.
#include <string>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
  return wbcheck::cli::run_command(std::vector<std::string>(argv + 1, argv + argc));
}
