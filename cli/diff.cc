// `wbcheck diff`: load everything first (a bad file stops the run before the
// first search), check both policies on each scenario, compare, print.
#include "cli/diff.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/load.h"
#include "cli/run_check.h"
#include "cli/version.h"

namespace wbcheck::cli {
namespace {

// The scenario files: the one given, or every *.json of the directory.
absl::Status load_scenarios(const DiffOptions& o, std::vector<model::Scenario>& out) {
  std::vector<std::string> files = {o.scenario};
  if (!o.scenarios_dir.empty()) {
    absl::StatusOr<std::vector<std::string>> listed = json_files(o.scenarios_dir);
    if (!listed.ok()) return listed.status();
    files = *std::move(listed);
  }
  for (const std::string& f : files) {
    absl::StatusOr<model::Scenario> s = load_scenario(f);
    if (!s.ok()) return s.status();
    out.push_back(*std::move(s));
  }
  return absl::OkStatus();
}

CheckOptions search_options(const DiffOptions& o) {
  CheckOptions c;
  c.max_states = o.max_states;
  c.time_limit_seconds = o.time_limit_seconds;
  return c;
}

// Both cells of one scenario; a status when the model rejects either pair.
absl::Status compare(const model::Scenario& s, const model::Policy& a, const model::Policy& b, const CheckOptions& c,
                     Diff& d) {
  MatrixCell ca = check_cell(s, a, c);
  MatrixCell cb = check_cell(s, b, c);
  for (const MatrixCell* cell : {&ca, &cb}) {
    if (!cell->applicable) {
      return absl::InvalidArgumentError(absl::StrCat("scenario ", s.name, " + policy ", cell->policy, ": ", cell->reason));
    }
  }
  d.scenarios.push_back(s.name);
  add_scenario(ca, cb, d);
  return absl::OkStatus();
}

int exit_code(const Diff& d) {
  if (d.changed) return kExitViolated;
  return d.undecided ? kExitInconclusive : kExitHolds;
}

}  // namespace

void add_scenario(const MatrixCell& a, const MatrixCell& b, Diff& d) {
  for (size_t i = 0; i < a.properties.size() && i < b.properties.size(); ++i) {
    const MatrixProperty& pa = a.properties[i];
    const MatrixProperty& pb = b.properties[i];
    bool unknown = pa.status == checker::Status::kUnknown || pb.status == checker::Status::kUnknown;
    d.undecided = d.undecided || unknown;
    if (pa.status == pb.status) continue;
    d.changed = d.changed || !unknown;
    d.rows.push_back({a.scenario, pa.id, pa, pb});
  }
}

int run_diff(const DiffOptions& o) {
  std::vector<model::Scenario> scenarios;
  absl::Status st = load_scenarios(o, scenarios);
  absl::StatusOr<model::Policy> a = load_policy(o.policies[0]);
  absl::StatusOr<model::Policy> b = load_policy(o.policies[1]);
  if (st.ok()) st = a.ok() ? b.status() : a.status();
  if (st.ok() && !output_writable(o.out)) return kExitBadInput;
  Diff d{kVersion, a.ok() ? a->name : "", b.ok() ? b->name : ""};
  const CheckOptions c = search_options(o);
  for (size_t i = 0; st.ok() && i < scenarios.size(); ++i) {
    try {
      st = compare(scenarios[i], *a, *b, c, d);
    } catch (const std::exception& e) {
      std::cerr << "wbcheck: internal error: scenario " << scenarios[i].name << ": " << e.what() << "\n";
      return kExitInternal;
    }
  }
  if (!st.ok()) {
    std::cerr << "wbcheck: " << st.message() << "\n";
    return kExitBadInput;
  }
  std::string text = o.format == Format::kJson ? print_diff_json(d) : print_diff_text(d);
  if (!write_output(o.out, text)) return kExitBadInput;
  return exit_code(d);
}

}  // namespace wbcheck::cli
