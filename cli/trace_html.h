// `wbcheck check --html F`: a counterexample as one self-contained HTML page
// that a reader can step through in a browser, offline.
//
// The page holds the trace as data, in a `<script type="application/json"
// id="wbcheck-trace">` block, and an inline script renders it on load: the
// property (id, statement, kernel failure), swimlanes (one column per task,
// one row per step; clicking a row selects it), next/previous buttons and
// the arrow keys (also j/k, Home/End) to move between steps, the current step's
// state changes and causal predecessors, and the final, violating state.
// `#step=N` (or `#step=last`) in the address opens it at that step. No
// external resource of any kind (no script, style, font or image is fetched,
// and the page's Content-Security-Policy forbids it); data reach the page
// only through textContent, never as markup.
//
// The rendered DOM is a contract the headless-browser test reads:
//   #property-id              the property id
//   #swimlanes tr.step        one per step: data-step (1-based), data-task
//   #diff tr.change           the current step's changes: data-key, then
//                             cells key, from, to
//   #final-state [data-key]   every field of the final state, keyed like changes
//   body[data-rendered]       "yes" once the script has run
#pragma once

#include <string>

#include "cli/trace_graph.h"

namespace wbcheck::cli {

std::string trace_html(const TraceGraph& g);

// The data block: the graph as JSON (property, lanes, steps with changes and
// causal predecessors, final state), safe inside <script>: `<`, `>` and `&`
// appear only as \u escapes.
std::string trace_html_data(const TraceGraph& g);

// The page's stylesheet and script (trace_html_assets.cc).
extern const char* const kTraceHtmlStyle;
extern const char* const kTraceHtmlScript;

}  // namespace wbcheck::cli
