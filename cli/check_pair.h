// One (scenario, policy) pair checked: the code path `wbcheck check` and
// `wbcheck matrix` share, so a matrix cell is exactly what `check` would
// report for the same pair and limits.
#pragma once

#include "absl/status/statusor.h"
#include "checker/progress.h"
#include "checker/report.h"
#include "cli/options.h"
#include "model/policy.h"
#include "model/scenario.h"
#include "model/wb_model.h"

namespace wbcheck::cli {

// The model of the pair, or why the model rejects it (an unsupported feature,
// the state's bounds): a property of the pair, not of either file.
absl::StatusOr<model::WbModel> make_model(const model::Scenario& scenario, const model::Policy& policy);

// Searches `m` under the limits (and the Z3 crosscheck) of `o` and reports,
// version, scenario and policy filled in. Throws properties::CrosscheckError
// on a disagreement and std::exception on an internal failure. `progress`,
// when set, receives snapshots of the search (checker/progress.h).
checker::Report search_model(const model::WbModel& m, const CheckOptions& o,
                             const checker::ProgressFn& progress = nullptr);

// The threads a search under `o` uses: --threads, else one per core
// (std::thread::hardware_concurrency(), at least 1); always 1 with the Z3
// crosscheck, whose Z3 context must not be shared between threads.
unsigned search_threads(const CheckOptions& o);

// make_model then search_model. Only the scenario, policy and limits of `o`
// matter here, not its file names or output options.
absl::StatusOr<checker::Report> check_pair(const model::Scenario& scenario, const model::Policy& policy,
                                           const CheckOptions& o);

}  // namespace wbcheck::cli
