// `wbcheck check`: load, build the model, search, print; returns the exit code.
// `wbcheck matrix` (matrix.h) shares the exit codes and the output helpers.
#pragma once

#include "cli/options.h"

namespace wbcheck::cli {

inline constexpr int kExitHolds = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;
inline constexpr int kExitInconclusive = 5;
inline constexpr int kExitViolated = 10;

int run_check(const CheckOptions& options);
int run_list(const ListOptions& options);
int run_matrix(const MatrixOptions& options);

// Writes `text` to `path` atomically (a temporary file renamed over it), or to
// stdout when path is empty. False (with a message on stderr) on failure.
bool write_output(const std::string& path, const std::string& text);
// An unwritable --out is bad input; callers ask before a long search, not
// after. False (with a message on stderr) when `path` cannot be created.
bool output_writable(const std::string& path);

}  // namespace wbcheck::cli
