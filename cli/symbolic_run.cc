#include "cli/symbolic_run.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/trace_text.h"
#include "cli/check_pair.h"
#include "cli/load.h"
#include "cli/run_check.h"
#include "cli/trace_annotate.h"
#include "cli/version.h"
#include "model/fields.h"
#include "properties/registry.h"

namespace wbcheck::cli {

absl::StatusOr<model::WbModel> load_model(const CheckOptions& o) {
  absl::StatusOr<model::Scenario> scenario = load_scenario(o.scenario);
  if (!scenario.ok()) return scenario.status();
  absl::StatusOr<model::Policy> policy = load_policy(o.policy);
  if (!policy.ok()) return policy.status();
  return make_model(*scenario, *policy);
}

absl::StatusOr<checker::Trace<ExplorableModel>> explicit_trace(const model::WbModel& m,
                                                              const std::vector<model::State>& states) {
  const model::State initial = m.initial_state();
  if (std::memcmp(&states.front(), &initial, sizeof initial) != 0) {
    return absl::InternalError("the symbolic trace does not start in the model's initial state");
  }
  return explicit_steps(m, states);
}

absl::StatusOr<checker::Trace<ExplorableModel>> explicit_steps(const model::WbModel& m,
                                                              const std::vector<model::State>& states) {
  checker::Trace<ExplorableModel> t;
  t.initial = states.front();
  std::vector<model::Action> acts;
  for (size_t i = 0; i + 1 < states.size(); ++i) {
    acts.clear();
    m.actions(states[i], acts);
    bool found = false;
    for (const model::Action& a : acts) {
      const model::State next = m.apply(states[i], a);
      if (std::memcmp(&next, &states[i + 1], sizeof next) != 0) continue;
      t.steps.push_back({a, states[i], next});
      found = true;
      break;
    }
    if (!found) return absl::InternalError(absl::StrCat("step ", i + 1, " of the symbolic trace is no step of the model"));
  }
  return t;
}

std::vector<model::State> states_of(const properties::WbSymbolic& sys,
                                    const std::vector<properties::StateValues>& values) {
  std::vector<model::State> out;
  for (const properties::StateValues& v : values) out.push_back(sys.state_of(v));
  return out;
}

checker::Report symbolic_report(const model::WbModel& m, checker::Status status, uint64_t depth,
                                const checker::Trace<ExplorableModel>* trace) {
  checker::Result<ExplorableModel> result;
  result.verdict = status == checker::Status::kHolds ? checker::Verdict::kHolds : checker::Verdict::kInconclusive;
  const model::State last = trace ? (trace->steps.empty() ? trace->initial : trace->steps.back().after) : model::State{};
  const model::ConcreteView v(m.context(), last);
  std::vector<checker::PropertyText> text;
  for (const properties::PropertyDef& p : properties::all_properties()) {
    text.push_back({p.statement, p.catches});
    checker::PropertyOutcome<ExplorableModel> o{p.id, status, std::nullopt, depth};
    if (trace && !p.native(v)) {
      o.status = checker::Status::kViolated;
      o.trace = *trace;
      o.depth = trace->steps.size();
      result.verdict = checker::Verdict::kViolated;
    }
    result.properties.push_back(std::move(o));
  }
  result.stats.max_depth = depth;
  checker::Report report = checker::make_report(ExplorableModel(m), result, text);
  annotate_traces(m, result, report);
  report.version = kVersion;
  report.scenario = m.context().scenario.name;
  report.policy = m.context().policy.name;
  return report;
}

std::string print_symbolic(const checker::Report& r, const std::string& engine, const std::string& summary,
                           bool fold) {
  std::string out = absl::StrCat(r.tool, " ", r.version, " ", engine, ": scenario ", r.scenario, ", policy ",
                                 r.policy, "\n");
  absl::StrAppend(&out, "verdict: ", checker::to_string(r.verdict), "\n\n");
  size_t width = 0;
  for (const checker::ReportProperty& p : r.properties) width = std::max(width, p.id.size());
  for (const checker::ReportProperty& p : r.properties) {
    std::string detail = p.status == checker::Status::kViolated ? absl::StrCat("trace of ", p.trace.size(), " steps")
                         : p.status == checker::Status::kHolds   ? "holds in every reachable state"
                                                                 : absl::StrCat("no counterexample within ", p.depth, " steps");
    absl::StrAppend(&out, absl::StrFormat("  %-9s %-*s  %s\n", checker::to_string(p.status), width, p.id, detail));
  }
  for (const checker::ReportProperty& p : r.properties) {
    if (p.status != checker::Status::kViolated) continue;
    absl::StrAppend(&out, "\n", p.id, ": violated after ", p.trace.size(), " steps\n", checker::trace_text(p, fold));
  }
  absl::StrAppend(&out, "\n", summary);
  return out;
}

}  // namespace wbcheck::cli
