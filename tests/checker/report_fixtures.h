// Hand-built checker::Reports for the printer tests: no model, no search.
#pragma once

#include "checker/report.h"

namespace wbcheck::checker::testing {

inline ReportStep step(std::string task, std::string name, std::string kernel, std::string detail,
                       std::vector<Change> changes = {}) {
  return {{std::move(task), std::move(name), std::move(kernel), std::move(detail)}, std::move(changes)};
}

// Two tasks, three properties: one violated after three steps (A, B, A), one
// holds, one unknown (a max-states limit at depth 2).
inline Report sample_report() {
  Report r;
  r.version = "9.9.9";
  r.scenario = "toy";
  r.policy = "p-1.0";
  r.verdict = Verdict::kViolated;
  r.stats.states = 12;
  r.stats.transitions = 30;
  r.stats.max_depth = 3;
  r.stats.seconds = 0.25;
  r.stats.stopped_by = "max-states";
  ReportProperty bad{"no-warn", "convert never finds a hole", "F1: WARN_ON_ONCE", Status::kViolated, 3, {}};
  bad.trace.push_back(step("A", "xfs_map_blocks.lookup", "fs/xfs/xfs_aops.c", "fsb 0 is delalloc",
                           {{"block[0].extent", 1, 2, "hole", "delalloc"}, {"block[1].extent", 1, 2, "hole", "delalloc"}}));
  bad.trace.push_back(step("B", "punch", "fs/xfs/xfs_bmap_util.c", "", {{"fdblocks", 59, 64, "", ""}}));
  bad.trace.push_back(step("A", "xfs_bmapi_convert_delalloc", "fs/xfs/libxfs/xfs_bmap.c", "no extent at fsb 4", {}));
  r.properties.push_back(std::move(bad));
  r.properties.push_back({"balanced", "reservations balance", "F2: leak", Status::kHolds, 3, {}});
  r.properties.push_back({"no-stale", "reads see written data", "F3: stale read", Status::kUnknown, 2, {}});
  return r;
}

}  // namespace wbcheck::checker::testing
