#include "cli/trace_graph.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace wbcheck::cli {
namespace {

// Lanes in the scenario's task order, the teardown actor (the last actor) last;
// only tasks that take a step, so that no lane is empty.
std::vector<std::string> lanes_of(const model::Context& c, const std::vector<GraphStep>& steps) {
  std::vector<std::string> out;
  for (int k = 0; k < c.actors(); ++k) {
    for (const GraphStep& s : steps) {
      if (s.info.task != c.task_name(k)) continue;
      out.push_back(c.task_name(k));
      break;
    }
  }
  return out;
}

}  // namespace

TraceGraph trace_graph(const ExplorableModel& m, const ModelTrace& t, const checker::ReportProperty& p) {
  const model::Context& c = m.wb().context();
  TraceGraph g{c.scenario.name, c.policy.name, p.id, p.statement, p.catches, {}, {}, {}, {}, {}};
  std::vector<StepFootprint> footprints;
  std::vector<model::ProcessInfo> infos;
  for (size_t i = 0; i < t.steps.size(); ++i) {
    const auto& step = t.steps[i];
    const int process = m.process_of(step.action);
    // An ioend completes in one step and its slot is reused by the next
    // ioend (slots are kept sorted), so each completion is a process of its
    // own for program order and causality; its footprint is its slot's.
    const int identity = step.action.io ? kFirstCompletionIdentity + static_cast<int>(i) : process;
    std::string actor = step.action.io ? absl::StrCat("ioend ", step.action.task) : c.task_name(step.action.task);
    g.steps.push_back({i + 1, m.describe(step.before, step.action), std::move(actor), identity,
                       m.changes(step.before, step.after)});
    model::process_infos(step.before, c, infos);
    footprints.push_back({identity, infos.at(static_cast<size_t>(process)).next});
  }
  g.lanes = lanes_of(c, g.steps);
  g.causal = causal_edges(footprints);
  for (const CausalEdge& e : g.causal) g.causal_labels.push_back(resource_names(c, e.shared));
  g.final_state = state_json(c, t.steps.empty() ? t.initial : t.steps.back().after);
  return g;
}

std::vector<std::pair<size_t, size_t>> program_order(const TraceGraph& g) {
  std::vector<std::pair<size_t, size_t>> out;
  std::map<int, size_t> last;  // process -> its latest step so far
  for (size_t j = 0; j < g.steps.size(); ++j) {
    auto it = last.find(g.steps[j].process);
    if (it != last.end()) out.emplace_back(it->second, j);
    last[g.steps[j].process] = j;
  }
  return out;
}

}  // namespace wbcheck::cli
