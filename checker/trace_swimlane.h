// A violated property's trace as a swimlane: one column per task, each
// numbered step written in its task's column with its kernel function and
// file, the step's decision and the state it changed below it, then a
// "locks" row saying what every task holds after the step. Runs of at least
// kMinFold consecutive steps that the violation does not depend on
// (ReportStep::relevant, checker/trace_slice.h) become one line.
//
//   step  A                       B
//      1  xfs_file_buffered_write  (fs/xfs/xfs_file.c)
//           | iolock_excl none->A, task[A].iolock none->excl
//  locks  IO=x                    |
//     11  |                       xfs_file_dio_write_aligned  (fs/xfs/xfs_file.c)
//
// Lanes are at most 24 columns wide and narrower when there are more than
// four or when a long function name in a lane to the right would not fit, so
// that lines stay within kMaxColumns (unless one name or value is longer, or
// lanes would have to be narrower than 10 columns).
#pragma once

#include <string>
#include <vector>

#include "checker/report.h"

namespace wbcheck::checker {

inline constexpr size_t kMaxColumns = 120;
inline constexpr size_t kMinFold = 3;

// The lanes of p: p.lanes, then any other task that takes a step.
std::vector<std::string> trace_lanes(const ReportProperty& p);

// The header row, the steps and the fold lines, each line ending in "\n".
std::string swimlane_text(const ReportProperty& p, bool fold);

}  // namespace wbcheck::checker
