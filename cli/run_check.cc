#include "cli/run_check.h"

#include <iostream>
#include <optional>
#include <vector>

#include "checker/print_junit.h"
#include "checker/print_sarif.h"
#include "checker/report.h"
#include "cli/baseline.h"
#include "cli/check_pair.h"
#include "cli/load.h"
#include "cli/progress_line.h"
#include "cli/trace_file.h"
#include "cli/trace_out.h"
#include "cli/trace_views.h"
#include "properties/crosscheck.h"

namespace wbcheck::cli {
namespace {

std::string print(const checker::Report& report, const CheckOptions& o) {
  switch (o.format) {
    case Format::kJson: return checker::print_json(report);
    case Format::kJunit: return checker::print_junit(report);
    case Format::kSarif: return checker::print_sarif(report, o.policy);  // located at the path as given
    case Format::kText:
    case Format::kMarkdown: break;  // markdown: matrix only (parse_check never sets it)
  }
  return checker::print_text(report, {o.fold});
}

// The progress line (a terminal only) is erased before anything is printed.
checker::Report search_with_progress(const model::WbModel& m, const CheckOptions& o) {
  ProgressLine line(!o.quiet);
  return search_model(m, o, line.callback());
}

int search_and_print(const model::WbModel& m, const CheckOptions& o, const std::optional<Baseline>& baseline) {
  checker::Report report = search_with_progress(m, o);
  report.scenario_fingerprint = file_fingerprint(o.scenario);
  // The trace files first: once the report says "violated", its trace exists.
  if (!o.trace_out.empty() && !write_trace_out(m, report, o)) return kExitBadInput;
  if (!write_trace_views(m, report, o)) return kExitBadInput;
  std::string out = print(report, o);
  int code = exit_code_of(report.verdict);
  if (baseline) {
    // Text reports carry the comparison; the machine formats keep their
    // schema, and the comparison goes to stderr.
    const std::vector<PropertyComparison> cmp = compare_to_baseline(*baseline, report);
    const std::string listing = print_baseline(*baseline, cmp);
    if (o.format == Format::kText) out += "\n" + listing;
    else std::cerr << listing;
    code = baseline_exit_code(cmp);
  }
  if (!write_output(o.out, out)) return kExitBadInput;
  return code;
}

// The --baseline file, read before the search: a bad one is bad input, found
// before a long run rather than after it.
absl::StatusOr<std::optional<Baseline>> read_baseline(const CheckOptions& o, const model::Scenario& scenario,
                                                      const model::Policy& policy) {
  if (o.baseline.empty()) return std::optional<Baseline>();
  absl::StatusOr<Baseline> b = load_baseline(o.baseline);
  if (!b.ok()) return b.status();
  if (absl::Status st = check_baseline_scenario(*b, scenario.name, file_fingerprint(o.scenario)); !st.ok()) return st;
  if (b->policy != policy.name) {
    std::cerr << "wbcheck: note: the baseline " << o.baseline << " is a report of policy \"" << b->policy
              << "\", this run checks \"" << policy.name << "\"\n";
  }
  return std::optional<Baseline>(std::move(*b));
}

}  // namespace

int exit_code_of(checker::Verdict v) {
  switch (v) {
    case checker::Verdict::kHolds: return kExitHolds;
    case checker::Verdict::kViolated: return kExitViolated;
    case checker::Verdict::kInconclusive: return kExitInconclusive;
  }
  return kExitInternal;
}

int run_check(const CheckOptions& o) {
  absl::StatusOr<model::Scenario> scenario = load_scenario(o.scenario);
  if (!scenario.ok()) {
    std::cerr << "wbcheck: " << scenario.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<model::Policy> policy = load_policy(o.policy);
  if (!policy.ok()) {
    std::cerr << "wbcheck: " << policy.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<model::WbModel> m = make_model(*scenario, *policy);
  if (!m.ok()) {
    std::cerr << "wbcheck: " << o.scenario << " + " << o.policy << ": " << m.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<std::optional<Baseline>> baseline = read_baseline(o, *scenario, *policy);
  if (!baseline.ok()) {
    std::cerr << "wbcheck: " << baseline.status().message() << "\n";
    return kExitBadInput;
  }
  for (const std::string* path : {&o.out, &o.trace_out, &o.dot, &o.html}) {
    if (!output_writable(*path)) return kExitBadInput;
  }
  try {
    return search_and_print(*m, o, *baseline);
  } catch (const properties::CrosscheckError& e) {
    std::cerr << "wbcheck: internal error: z3 crosscheck: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "wbcheck: internal error: " << e.what() << "\n";
  }
  return kExitInternal;
}

}  // namespace wbcheck::cli
