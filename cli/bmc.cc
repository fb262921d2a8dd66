#include "cli/bmc.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/check_pair.h"
#include "cli/load.h"
#include "cli/run_check.h"
#include "cli/symbolic_run.h"
#include "cli/trace_out.h"
#include "nlohmann/json.hpp"
#include "properties/frontier_bmc.h"
#include "properties/induction.h"
#include "properties/wb_symbolic.h"

namespace wbcheck::cli {
namespace {

struct Run {
  properties::BmcResult bmc;
  properties::WbSymbolic::Stats relation;
  double seconds = 0;
  bool unrolled = false;
};

std::string summary_text(const Run& run) {
  const properties::BmcResult& r = run.bmc;
  std::string out = "bmc:\n";
  const char* how = r.verdict == properties::InductionVerdict::kViolated ? "counterexample at"
                    : r.complete                                          ? "complete at (no longer path)"
                    : r.time_limit                                        ? "time limit after"
                    : r.z3_unknown                                        ? "Z3 answered unknown after"
                                                                          : "stopped after";
  absl::StrAppend(&out, absl::StrFormat("  %-28s %s depth %d\n", "bound", how, r.depth));
  if (r.z3_unknown) absl::StrAppend(&out, absl::StrFormat("  %-28s %s\n", "Z3's reason", r.unknown_reason));
  absl::StrAppend(&out, absl::StrFormat("  %-28s %s\n", "method",
                                        run.unrolled ? "one unrolled formula per depth"
                                                     : "frontiers (the states at each depth, one step at a time)"));
  std::string per_depth;
  for (size_t k = 0; k < r.seconds.size(); ++k) absl::StrAppend(&per_depth, k ? " " : "", absl::StrFormat("%.2f", r.seconds[k]));
  absl::StrAppend(&out, absl::StrFormat("  %-28s %s\n", "solver seconds per depth", per_depth));
  if (!r.frontier.empty()) {
    std::string states;
    for (size_t k = 0; k < r.frontier.size(); ++k) absl::StrAppend(&states, k ? " " : "", r.frontier[k]);
    absl::StrAppend(&out, absl::StrFormat("  %-28s %s\n", "states per depth", states));
  }
  absl::StrAppend(&out, absl::StrFormat("  %-28s %d relations, %d paths, %d solver checks, %.2f s\n",
                                        "step paths enumerated", run.relation.relations, run.relation.paths,
                                        run.relation.solver_checks, run.relation.seconds));
  absl::StrAppend(&out, absl::StrFormat("  %-28s %.2f s\n", "time", run.seconds));
  return out;
}

nlohmann::json summary_json(const Run& run) {
  const properties::BmcResult& r = run.bmc;
  return {{"depth", r.depth},
          {"method", run.unrolled ? "unrolled" : "frontier"},
          {"complete", r.complete},
          {"states_per_depth", r.frontier},
          {"time_limit", r.time_limit},
          {"z3_unknown", r.z3_unknown},
          {"unknown_reason", r.unknown_reason},
          {"solver_seconds", r.seconds},
          {"relations", run.relation.relations},
          {"paths", run.relation.paths},
          {"solver_checks", run.relation.solver_checks},
          {"enumeration_seconds", run.relation.seconds},
          {"seconds", run.seconds}};
}

}  // namespace

int run_bmc(const BmcOptions& o) {
  absl::StatusOr<model::WbModel> m = load_model(o.check);
  if (!m.ok()) {
    std::cerr << "wbcheck: " << m.status().message() << "\n";
    return kExitBadInput;
  }
  if (!output_writable(o.check.out) || (!o.check.trace_out.empty() && !output_writable(o.check.trace_out))) {
    return kExitBadInput;
  }
  const auto start = std::chrono::steady_clock::now();
  z3::context z;
  properties::WbSymbolic sys(*m, z);
  auto quiet = [](uint64_t, double) {};
  absl::StatusOr<properties::BmcResult> r =
      o.unrolled ? properties::bmc(sys, z, o.depth, o.timeout_ms, o.check.time_limit_seconds, quiet)
                 : properties::bmc_frontier(sys, z, o.depth, o.timeout_ms, o.check.time_limit_seconds, quiet);
  if (!r.ok()) {
    std::cerr << "wbcheck: bmc: " << r.status().message() << "\n";
    return kExitInternal;
  }
  Run run{*r, sys.stats(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
          o.unrolled};

  checker::Report report;
  if (r->verdict == properties::InductionVerdict::kViolated) {
    // Only a model property may fail in a reachable state; the domain the
    // symbolic steps assume failing there is the model's error.
    for (const std::string& what : sys.violations(r->trace.back())) {
      if (what == "domain" || what == "program-counter") {
        std::cerr << "wbcheck: bmc: internal error: a reachable step breaks a MODEL_CHECK, writes past the "
                     "scenario's geometry, or leaves the typed " << what << " (model/state_fields.h, model/op_phases.h)\n";
        return kExitInternal;
      }
    }
    absl::StatusOr<checker::Trace<ExplorableModel>> trace = explicit_trace(*m, states_of(sys, r->trace));
    if (!trace.ok()) {
      std::cerr << "wbcheck: bmc: " << trace.status().message() << "\n";
      return kExitInternal;
    }
    report = symbolic_report(*m, checker::Status::kUnknown, r->depth == 0 ? 0 : r->depth - 1, &*trace);
    if (report.verdict != checker::Verdict::kViolated) {
      std::cerr << "wbcheck: bmc: the native evaluator finds no violation at the end of the trace\n";
      return kExitInternal;
    }
  } else {
    const bool holds = r->verdict == properties::InductionVerdict::kHolds && r->complete;
    report = symbolic_report(*m, holds ? checker::Status::kHolds : checker::Status::kUnknown, r->depth, nullptr);
  }
  report.stats.seconds = run.seconds;
  report.scenario_fingerprint = file_fingerprint(o.check.scenario);
  if (!o.check.trace_out.empty() && !write_trace_out(*m, report, o.check)) return kExitBadInput;
  std::string out;
  if (o.check.format == Format::kJson) {
    nlohmann::json j = nlohmann::json::parse(checker::print_json(report));
    j["engine"] = "bmc";
    j["bmc"] = summary_json(run);
    out = j.dump(2) + "\n";
  } else {
    out = print_symbolic(report, "bmc", summary_text(run), o.check.fold);
  }
  if (!write_output(o.check.out, out)) return kExitBadInput;
  return exit_code_of(report.verdict);
}

}  // namespace wbcheck::cli
