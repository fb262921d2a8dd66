// The whole of `wbcheck ARGS...` short of process start-up: parse, run the
// command, return the exit status. main() is this and nothing else, so tests
// (the hostile-input test, the fuzz targets) can run exactly what the binary
// runs without exec'ing it.
#pragma once

#include <string>
#include <vector>

namespace wbcheck::cli {

// `args` without the program name. Prints to stdout/stderr like the binary;
// installs the SIGINT/SIGTERM handlers for check and matrix.
int run_command(const std::vector<std::string>& args);

}  // namespace wbcheck::cli
