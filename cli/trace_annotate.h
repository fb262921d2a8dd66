// What only the model knows about a counterexample, added to the report's
// traces for the swimlane text (checker/trace_swimlane.h): one lane per actor
// (the scenario's tasks, then the teardown), the locks each holds after every
// step (model/held_locks.h), which steps the violation depends on
// (checker/trace_slice.h), and the fields the property reads in the violating
// state (properties/property_fields.h).
#pragma once

#include "checker/report.h"
#include "checker/result.h"
#include "cli/explorable.h"
#include "model/wb_model.h"

namespace wbcheck::cli {

// `report` was made from `result` (the same properties, in the order of
// properties::all_properties()), whose traces are paths of `m` itself
// (concrete ones when symmetry reduced the search).
void annotate_traces(const model::WbModel& m, const checker::Result<ExplorableModel>& result,
                     checker::Report& report);

}  // namespace wbcheck::cli
