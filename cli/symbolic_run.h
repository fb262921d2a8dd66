// What `bmc` and `prove` share: loading the pair into a model, turning a
// symbolic trace (one value vector per state) into a trace of the explicit
// model, and the report they print.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "checker/report.h"
#include "cli/explorable.h"
#include "cli/options.h"
#include "model/wb_model.h"
#include "properties/wb_symbolic.h"

namespace wbcheck::cli {

// The scenario and policy of `o`, loaded and made into a model; errors name
// the file and JSON path (exit 2).
absl::StatusOr<model::WbModel> load_model(const CheckOptions& o);

// The explicit steps between consecutive states: for each pair, the enabled
// action whose successor is the next state. An error when some pair is not
// one step of the explicit model (the symbolic relation and the model
// disagree: an internal error).
absl::StatusOr<checker::Trace<ExplorableModel>> explicit_trace(const model::WbModel& m,
                                                              const std::vector<model::State>& states);

// The same for states that start anywhere (not checked against the initial state).
absl::StatusOr<checker::Trace<ExplorableModel>> explicit_steps(const model::WbModel& m,
                                                              const std::vector<model::State>& states);

// The states of a symbolic trace.
std::vector<model::State> states_of(const properties::WbSymbolic& sys,
                                    const std::vector<properties::StateValues>& values);

// A report whose properties all have `status` at `depth`, but those the
// native evaluator finds violated at the end of `trace` (when given), which
// are violated with it.
checker::Report symbolic_report(const model::WbModel& m, checker::Status status, uint64_t depth,
                                const checker::Trace<ExplorableModel>* trace);

std::string print_symbolic(const checker::Report& r, const std::string& engine, const std::string& summary,
                           bool fold);

}  // namespace wbcheck::cli
