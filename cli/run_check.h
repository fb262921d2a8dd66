// `wbcheck check`: load, build the model, search, print; returns the exit code.
// `wbcheck matrix` (matrix.h) shares the exit codes and the output helpers.
#pragma once

#include "checker/result.h"
#include "cli/options.h"
#include "cli/output_file.h"  // write_output, output_writable

namespace wbcheck::cli {

inline constexpr int kExitHolds = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;
inline constexpr int kExitInconclusive = 5;
inline constexpr int kExitViolated = 10;

// The exit status of a verdict (check, bmc, prove).
int exit_code_of(checker::Verdict v);

int run_check(const CheckOptions& options);
int run_list(const ListOptions& options);
int run_matrix(const MatrixOptions& options);

}  // namespace wbcheck::cli
