// `wbcheck bmc`: bounded model checking of a scenario and a policy over the
// symbolic transition relation of the model's own steps
// (properties/wb_symbolic.h, properties/induction.h). A counterexample is
// decoded into steps of the explicit model -- each state pair must be one
// explicit step, and the native evaluator must see the violation at the end
// -- so it prints, and --trace-out writes, exactly what `check` would.
#pragma once

#include "cli/options.h"

namespace wbcheck::cli {

int run_bmc(const BmcOptions& options);

}  // namespace wbcheck::cli
