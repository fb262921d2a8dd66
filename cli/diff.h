// `wbcheck diff`: two policies, A and B, on one scenario or on every *.json
// of a directory, each pair searched by the same check_cell as a matrix cell
// (so as `check` would), and the properties whose status differs between A
// and B. It answers "what does this patch to the policy change?" in CI:
//
//   exit 10  some property changes verdict (holds under one policy, violated
//            under the other);
//   exit 5   none does, but a limit left some property undecided in some run,
//            so a change may be hidden;
//   exit 0   no property changes status;
//   exit 2   bad input, including a pair the model rejects (it has no
//            verdicts to compare).
//
// JSON shape (keys in this order):
//   {"tool", "version", "a": policy name, "b": policy name, "scenarios": [names],
//    "changes": [{"scenario", "property", "a": {"status", "steps"}, "b": {...}}],
//    "verdict": "changed" | "unchanged" | "undecided"}
// steps is the shortest counterexample's length when violated, else null.
#pragma once

#include <string>
#include <vector>

#include "cli/matrix.h"
#include "cli/options.h"

namespace wbcheck::cli {

// One property of one scenario whose status differs between A and B.
struct DiffRow {
  std::string scenario;  // names, not files
  std::string property;
  MatrixProperty a, b;
};

struct Diff {
  std::string version;
  std::string policy_a, policy_b;      // names
  std::vector<std::string> scenarios;  // names, in file order
  std::vector<DiffRow> rows;           // scenario by scenario, properties in registry order
  bool changed = false;                // some row is holds under one policy, violated under the other
  bool undecided = false;              // some property of some run is unknown
};

// The rows of one scenario: the properties of `a` and `b` (cells of the same
// scenario, both applicable) whose status differs; sets d.changed and
// d.undecided accordingly.
void add_scenario(const MatrixCell& a, const MatrixCell& b, Diff& d);

// Deterministic given the diff (no times, no paths).
std::string print_diff_text(const Diff& d);
std::string print_diff_json(const Diff& d);

int run_diff(const DiffOptions& o);

}  // namespace wbcheck::cli
