#include "cli/trace_out.h"

#include <iostream>
#include <vector>

#include "checker/check.h"
#include "cli/output_file.h"
#include "model/fields.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

bool same_info(const checker::StepInfo& a, const checker::StepInfo& b) {
  return a.task == b.task && a.step == b.step && a.kernel == b.kernel && a.detail == b.detail && a.hook == b.hook;
}

bool same_changes(const std::vector<checker::Change>& a, const std::vector<checker::Change>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].key != b[i].key || a[i].before != b[i].before || a[i].after != b[i].after ||
        a[i].before_text != b[i].before_text || a[i].after_text != b[i].after_text) {
      return false;
    }
  }
  return true;
}

// Depth-first over the actions that match the reported steps from `depth` on.
// Reported traces are shortest paths, so nearly always one action matches
// each step and this is a straight walk; `budget` bounds the pathological case.
class Rebuilder {
 public:
  Rebuilder(const ExplorableModel& m, const checker::ReportProperty& p, const properties::PropertyDef& def)
      : m_(m), p_(p), def_(def) {}

  bool walk(const model::State& x, size_t depth, ModelTrace& out) {
    if (depth == p_.trace.size()) return !def_.native(model::ConcreteView(m_.wb().context(), x));
    std::vector<model::Action> actions;
    m_.actions(x, actions);
    for (const model::Action& a : actions) {
      if (budget_-- == 0) return false;
      if (!same_info(m_.describe(x, a), p_.trace[depth].info)) continue;
      model::State y = m_.apply(x, a);
      if (!same_changes(m_.changes(x, y), p_.trace[depth].changes)) continue;
      out.steps.push_back({a, x, y});
      if (walk(y, depth + 1, out)) return true;
      out.steps.pop_back();
    }
    return false;
  }

 private:
  const ExplorableModel& m_;
  const checker::ReportProperty& p_;
  const properties::PropertyDef& def_;
  uint64_t budget_ = 1'000'000;
};

}  // namespace

std::optional<ModelTrace> rebuild_trace(const ExplorableModel& m, const checker::ReportProperty& p) {
  const properties::PropertyDef* def = properties::find_property(p.id);
  if (def == nullptr) return std::nullopt;
  std::vector<model::State> initial;
  m.initial_states(initial);
  for (const model::State& s : initial) {
    ModelTrace t{s, {}};
    Rebuilder r(m, p, *def);
    if (r.walk(s, 0, t)) return t;
  }
  return std::nullopt;
}

const checker::ReportProperty* first_violated(const checker::Report& report) {
  for (const checker::ReportProperty& p : report.properties) {
    if (p.status == checker::Status::kViolated) return &p;
  }
  return nullptr;
}

bool write_trace_out(const model::WbModel& m, const checker::Report& report, const CheckOptions& o) {
  const checker::ReportProperty* violated = first_violated(report);
  if (violated == nullptr) {
    std::cerr << "wbcheck: no property is violated: no trace written to " << o.trace_out << "\n";
    return true;
  }
  const ExplorableModel plain(m);  // traces name the model's own tasks, never a symmetry orbit
  std::optional<ModelTrace> t = rebuild_trace(plain, *violated);
  WBCHECK_CHECK(t.has_value(), "no path of the model matches the reported counterexample");
  TraceSource src{o.scenario, o.policy, file_fingerprint(o.scenario), file_fingerprint(o.policy), violated->id};
  return write_output(o.trace_out, trace_document(plain, *t, src));
}

}  // namespace wbcheck::cli
