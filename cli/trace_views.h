// `wbcheck check --dot F --html G`: the pictures of the first violated
// property's counterexample (the one --trace-out writes), each file written
// atomically (cli/output_file.h).
#pragma once

#include "checker/report.h"
#include "cli/options.h"
#include "model/wb_model.h"

namespace wbcheck::cli {

// Writes o.dot and o.html when set. With no property violated nothing is
// written (existing files are left as they were) and stderr says so. False,
// with a message on stderr, when a file could not be written.
bool write_trace_views(const model::WbModel& m, const checker::Report& report, const CheckOptions& o);

}  // namespace wbcheck::cli
