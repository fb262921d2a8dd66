// `wbcheck prove`: k-induction of the properties over the symbolic
// transition relation (properties/induction.h, properties/wb_symbolic.h),
// strengthened by auxiliary invariants (cli/aux_invariants.h). When no k up
// to --max-k proves it, the last counterexample to induction is printed as
// states, and the explicit engine says whether its first state is reachable:
// a real bug, or an invariant too weak to carry the induction.
#pragma once

#include "cli/options.h"

namespace wbcheck::cli {

int run_prove(const ProveOptions& options);

}  // namespace wbcheck::cli
