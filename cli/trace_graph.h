// A counterexample as the pictures draw it (--dot, --html): its steps, who
// runs each, what each changed, the tasks as lanes, and the causal edges
// between lanes (cli/causal_order.h). Built once from a path of the model;
// the printers never see the model.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "checker/model.h"
#include "checker/report.h"
#include "cli/causal_order.h"
#include "cli/trace_file.h"  // ModelTrace, TraceJson

namespace wbcheck::cli {

// Above every model process index (at most 64, checker/por.h).
inline constexpr int kFirstCompletionIdentity = 1 << 16;

struct GraphStep {
  size_t number;  // 1-based, as the text trace numbers steps
  checker::StepInfo info;  // info.task names the lane (for an I/O completion: the submitter)
  std::string actor;  // who really runs it: the task, or "ioend N" for a completion
  // The task's model process index; for an ioend completion (one step each)
  // kFirstCompletionIdentity + its step index. Equal for steps in program order.
  int process;
  std::vector<checker::Change> changes;
};

struct TraceGraph {
  std::string scenario, policy;  // names
  std::string property, statement, catches;
  std::vector<std::string> lanes;  // the tasks that take a step, in the scenario's order, umount last
  std::vector<GraphStep> steps;    // the last one is where the property is violated
  std::vector<CausalEdge> causal;
  std::vector<std::string> causal_labels;  // per causal edge: the shared resources' names
  TraceJson final_state;  // state_json() of the state after the last step
};

// The graph of `t`, a path of `m` violating `p` (as rebuild_trace finds it).
TraceGraph trace_graph(const ExplorableModel& m, const ModelTrace& t, const checker::ReportProperty& p);

// The edges of program order: consecutive steps of one process, as 0-based
// (earlier, later) pairs sorted by the later.
std::vector<std::pair<size_t, size_t>> program_order(const TraceGraph& g);

}  // namespace wbcheck::cli
