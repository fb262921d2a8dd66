#include "cli/run_check.h"

#include <iostream>

#include "checker/print_junit.h"
#include "checker/print_sarif.h"
#include "checker/report.h"
#include "cli/check_pair.h"
#include "cli/load.h"
#include "cli/progress_line.h"
#include "cli/trace_out.h"
#include "properties/crosscheck.h"

namespace wbcheck::cli {
namespace {

int exit_code(checker::Verdict v) {
  switch (v) {
    case checker::Verdict::kHolds: return kExitHolds;
    case checker::Verdict::kViolated: return kExitViolated;
    case checker::Verdict::kInconclusive: return kExitInconclusive;
  }
  return kExitInternal;
}

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

int search_and_print(const model::WbModel& m, const CheckOptions& o) {
  checker::Report report = search_with_progress(m, o);
  // The trace file first: once the report says "violated", its trace exists.
  if (!o.trace_out.empty() && !write_trace_out(m, report, o)) return kExitBadInput;
  std::string out = print(report, o);
  if (!write_output(o.out, out)) return kExitBadInput;
  return exit_code(report.verdict);
}

}  // namespace

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
  if (!output_writable(o.out) || !output_writable(o.trace_out)) return kExitBadInput;
  try {
    return search_and_print(*m, o);
  } catch (const properties::CrosscheckError& e) {
    std::cerr << "wbcheck: internal error: z3 crosscheck: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "wbcheck: internal error: " << e.what() << "\n";
  }
  return kExitInternal;
}

}  // namespace wbcheck::cli
