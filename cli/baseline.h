// `wbcheck check --baseline F`: judge a run against an earlier one instead of
// on its own, as CI gates a change (a policy edit, a new wbcheck) on what it
// changes rather than on what was already known.
//
// F is an earlier `check --format json` report of the same scenario (the
// policy may differ: a policy change is what CI gates). Properties are matched
// by id and classified by (status in F -> status now):
//
//   new violation      anything but violated -> violated            exit 10
//   new inconclusive   holds, violated or absent -> unknown         exit 5
//   fixed              violated -> holds                             exit 0
//   decided            unknown -> holds                              exit 0
//   added              absent from F -> holds                        exit 0
//   dropped            in F, not reported now                        exit 0
//   unchanged          the same status                               exit 0
//
// A violation already in F does not fail the run: it is known, and fixing it
// is a change reported, never a failure. Violated -> unknown counts as new
// inconclusive, since a limit may now hide a known violation. The exit status
// is 10 when a property is a new violation, else 5 when one is newly
// inconclusive, else 0, whatever the run's own verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "checker/report.h"
#include "checker/result.h"

namespace wbcheck::cli {

struct Baseline {
  std::string path;
  std::string scenario, policy;  // the names F records
  std::string scenario_fingerprint;  // F's $.scenario_fingerprint; empty: F has none (older reports)
  struct Entry {
    std::string id;
    checker::Status status;
  };
  std::vector<Entry> properties;  // in F's order
};

// Reads F. Errors name the file and the JSON path: "F: line L, column C:
// invalid JSON: ...", "F: $.tool: expected "wbcheck", got ...",
// "F: $.properties[2].status: expected one of "holds", "violated", "unknown", got ...",
// "F: $.properties[3].id: duplicate property id ...". Keys other than tool,
// scenario, policy and each property's id and status are not read.
absl::StatusOr<Baseline> load_baseline(const std::string& path);

// A baseline of another scenario compares nothing: an error at F's $.scenario,
// or at $.scenario_fingerprint when F was recorded on another version of the
// scenario file (same name, other content: its verdicts say nothing of this
// one's). `fingerprint`: this run's scenario file's (cli/trace_file.h).
absl::Status check_baseline_scenario(const Baseline& b, const std::string& scenario, const std::string& fingerprint);

enum class BaselineChange { kNewViolation, kNewInconclusive, kFixed, kDecided, kAdded, kDropped, kUnchanged };
const char* to_string(BaselineChange c);  // "new violation", ...

struct PropertyComparison {
  std::string id;
  std::optional<checker::Status> before, after;  // nullopt: absent
  BaselineChange change;
};

// One entry per property of the report, in report order, then the dropped
// ones in F's order.
std::vector<PropertyComparison> compare_to_baseline(const Baseline& b, const checker::Report& r);

// 10, 5 or 0 as above.
int baseline_exit_code(const std::vector<PropertyComparison>& c);

// The comparison for a reader: a heading naming F, one line per property
// that changed, the count of unchanged ones, and the outcome with its exit
// status. Ends with a newline.
std::string print_baseline(const Baseline& b, const std::vector<PropertyComparison>& c);

}  // namespace wbcheck::cli
