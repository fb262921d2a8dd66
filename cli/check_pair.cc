#include "cli/check_pair.h"

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "checker/bfs.h"
#include "cli/explorable.h"
#include "cli/interrupt.h"
#include "cli/trace_annotate.h"
#include "cli/version.h"
#include "properties/crosscheck.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

using Invariants = std::vector<checker::Invariant<model::State>>;

// One invariant per property; with a crosscheck, every evaluation is also
// done by Z3 and compared.
Invariants make_invariants(const model::Context& c, properties::Crosscheck* cross) {
  Invariants out;
  const auto& all = properties::all_properties();
  for (size_t i = 0; i < all.size(); ++i) {
    auto native = all[i].native;
    out.push_back({all[i].id, [&c, cross, native, i](const model::State& s) {
                     return cross ? cross->checked(i, s) : native(model::ConcreteView(c, s));
                   }});
  }
  return out;
}

checker::Limits limits_of(const CheckOptions& o) {
  checker::Limits l;
  l.max_states = o.max_states;
  l.max_memory_bytes = o.max_memory_bytes;
  l.time_limit_seconds = o.time_limit_seconds;
  l.interrupt = interrupt_flag();  // SIGINT/SIGTERM, once main installed the handlers
  l.threads = search_threads(o);
  return l;
}

}  // namespace

unsigned search_threads(const CheckOptions& o) {
  if (o.z3_crosscheck) return 1;
  if (o.threads != 0) return o.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

absl::StatusOr<model::WbModel> make_model(const model::Scenario& scenario, const model::Policy& policy) {
  return model::WbModel::create(scenario, policy);
}

checker::Report search_model(const model::WbModel& m, const CheckOptions& o, const checker::ProgressFn& progress) {
  ExplorableModel explorable(m, o.symmetry);
  std::unique_ptr<properties::Crosscheck> cross;
  if (o.z3_crosscheck) cross = std::make_unique<properties::Crosscheck>(m.context());
  checker::Limits limits = limits_of(o);
  limits.progress = progress;
  checker::Result<ExplorableModel> result =
      checker::check(explorable, make_invariants(m.context(), cross.get()), limits,
                     !o.por         ? checker::Reduction::kNone
                     : o.sleep_sets ? checker::Reduction::kSleep
                                    : checker::Reduction::kStubborn);
  result.stats.symmetry = explorable.symmetry();
  if (explorable.symmetry()) {
    for (auto& p : result.properties) {
      if (p.trace) p.trace = concrete_trace(explorable, *p.trace);
    }
  }
  std::vector<checker::PropertyText> text;
  for (const auto& p : properties::all_properties()) text.push_back({p.statement, p.catches});
  checker::Report report = checker::make_report(ExplorableModel(m), result, text);
  annotate_traces(m, result, report);  // lanes, locks, relevance: for the text trace
  report.version = kVersion;
  report.scenario = m.context().scenario.name;
  report.policy = m.context().policy.name;
  return report;
}

absl::StatusOr<checker::Report> check_pair(const model::Scenario& scenario, const model::Policy& policy,
                                           const CheckOptions& o) {
  absl::StatusOr<model::WbModel> m = make_model(scenario, policy);
  if (!m.ok()) return m.status();
  return search_model(*m, o);
}

}  // namespace wbcheck::cli
