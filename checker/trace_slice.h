// Which steps of a counterexample the violation depends on: a backward
// dynamic slice over read and write sets, used to fold the others away in
// the text trace (checker/trace_swimlane.h).
//
// The rule (also in docs/formats.md "Text traces"): the last step is
// relevant; going backwards, a step is relevant when it writes something
// that the property reads in the violating state or that a later relevant
// step reads. Everything a relevant step reads is added to what matters.
// Every other step is irrelevant: nothing the violation depends on ever sees
// what it wrote, so dropping all irrelevant steps leaves a path on which every
// relevant step reads the same values (it stays enabled and does the same)
// and the last state still violates the property. That holds as long as the
// read sets are complete (enabledness included), which the caller ensures;
// control flow inside a task is covered by giving every task a private
// resource that each of its steps reads and writes, so all steps of a task
// up to its last relevant step are relevant.
#pragma once

#include <bitset>
#include <vector>

namespace wbcheck::checker {

// Resource ids are the caller's business, as in Footprint.
using ResourceSet = std::bitset<128>;

struct StepAccess {
  ResourceSet reads;   // must include everything the step's enabledness and effect depend on
  ResourceSet writes;  // everything it changed
};

// One flag per step: true when the violation depends on it (see above).
// `property_reads`: what the property reads in the state after the last step.
std::vector<bool> relevant_steps(const std::vector<StepAccess>& steps, const ResourceSet& property_reads);

}  // namespace wbcheck::checker
