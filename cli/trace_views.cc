#include "cli/trace_views.h"

#include <iostream>
#include <optional>

#include "checker/check.h"
#include "cli/output_file.h"
#include "cli/trace_dot.h"
#include "cli/trace_graph.h"
#include "cli/trace_html.h"
#include "cli/trace_out.h"

namespace wbcheck::cli {

bool write_trace_views(const model::WbModel& m, const checker::Report& report, const CheckOptions& o) {
  if (o.dot.empty() && o.html.empty()) return true;
  const checker::ReportProperty* violated = first_violated(report);
  if (violated == nullptr) {
    for (const std::string* path : {&o.dot, &o.html}) {
      if (!path->empty()) std::cerr << "wbcheck: no property is violated: nothing written to " << *path << "\n";
    }
    return true;
  }
  const ExplorableModel plain(m);  // the model's own tasks, never a symmetry orbit
  std::optional<ModelTrace> t = rebuild_trace(plain, *violated);
  WBCHECK_CHECK(t.has_value(), "no path of the model matches the reported counterexample");
  const TraceGraph g = trace_graph(plain, *t, *violated);
  if (!o.dot.empty() && !write_output(o.dot, trace_dot(g))) return false;
  return o.html.empty() || write_output(o.html, trace_html(g));
}

}  // namespace wbcheck::cli
