// `wbcheck prove-ranges`: load a policy, prove the discard contract of its
// punches with Z3 (properties/range_proof.h), print the verdicts.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"
#include "properties/range_proof.h"

namespace wbcheck::cli {

// Exit 0 every punch proved (or none to prove), 10 one refuted, 5 one
// unknown and none refuted, 2 bad input.
int run_prove_ranges(const ProveRangesOptions& options);

// The report, as printed: plain text, or a markdown section for docs/.
std::string print_range_proofs(const std::string& policy, const std::vector<properties::RangeProof>& proofs,
                               bool markdown);

}  // namespace wbcheck::cli
