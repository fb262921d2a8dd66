// `wbcheck check --trace-out F`: the counterexample of the first violated
// property, in property order, as a trace file (cli/trace_file.h) that CI can
// keep as an artifact and `wbcheck replay` can re-execute.
#pragma once

#include <optional>

#include "checker/report.h"
#include "cli/options.h"
#include "cli/trace_file.h"
#include "model/wb_model.h"

namespace wbcheck::cli {

// The first violated property of `report`, in property order; nullptr when
// none is. The one property whose trace --trace-out, --dot and --html show.
const checker::ReportProperty* first_violated(const checker::Report& report);

// The path of `m` that `p`'s reported trace describes. A report keeps each
// step's description and changes, not the states, so the path is found again
// by running the model from its initial state and taking, at each step, an
// action with that description and those changes (backtracking when two
// qualify), ending in a state that violates `p`. nullopt when there is none,
// which would be a bug: the report came from the same model.
std::optional<ModelTrace> rebuild_trace(const ExplorableModel& m, const checker::ReportProperty& p);

// Writes the trace of `report`'s first violated property to o.trace_out,
// atomically (cli/output_file.h). With no property violated nothing is
// written (an existing file is left as it was) and stderr says so. False,
// with a message on stderr, when the file could not be written.
bool write_trace_out(const model::WbModel& m, const checker::Report& report, const CheckOptions& o);

}  // namespace wbcheck::cli
