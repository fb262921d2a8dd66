// `wbcheck check --dot F`: a counterexample as a Graphviz digraph.
//
//   - one cluster per task (`subgraph "cluster_A"`), an I/O completion in the
//     cluster of the task that submitted it;
//   - one node per step, `s1`, `s2`, ... labelled with the step number, the
//     kernel function and its source file;
//   - program order: solid edges between consecutive steps of one process
//     (a task, or one ioend's completion);
//   - causal edges: dashed, coloured, labelled with the shared resources,
//     between processes (cli/causal_order.h: the Hasse diagram of the
//     trace's happens-before order);
//   - invisible edges between consecutive steps of the trace, so that `dot`
//     ranks steps top to bottom in trace order, like swimlanes;
//   - the last step, where the property is violated, drawn red and thick.
//
// Output depends only on the trace: the same run gives the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "cli/trace_graph.h"

namespace wbcheck::cli {

std::string trace_dot(const TraceGraph& g);

// `text` as the body of a DOT double-quoted string: `"` and `\` escaped, a
// newline as `\n` (a centred line break in a label), other control
// characters dropped (DOT has no escape for them).
std::string dot_escape(std::string_view text);

}  // namespace wbcheck::cli
