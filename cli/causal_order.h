// Which steps of a counterexample must stay in the order the trace gives
// them, for the pictures of a trace (--dot, --html).
//
// Two steps of different processes are dependent when their footprints
// (model/footprint.h, the ones partial-order reduction trusts) conflict: one
// writes a resource the other reads or writes (a `reset` against a read
// counts, two resets commute). That is the dependency relation of
// Mazurkiewicz traces: swapping two adjacent independent steps reaches the same
// state, so the trace's happens-before order is the transitive closure of
// program order (consecutive steps of one process) and the dependent pairs.
// causal_edges() returns the cross-process edges of its Hasse diagram: i -> j
// when i is dependent with j and no other path of program order and causal
// edges already leads from i to j. Every order that respects these edges is an
// equally valid counterexample; the edges are what a reader must follow.
//
// Footprints over-approximate (a step's `next` footprint covers each fault
// outcome, a folio's flags count as its blocks'), so an edge may be stronger
// than the kernel needs; an edge is never missing where the model depends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/context.h"
#include "model/footprint.h"

namespace wbcheck::cli {

// One step as the dependency rule sees it.
struct StepFootprint {
  int process;  // who runs it: equal for the steps of one task (trace_graph.h)
  model::Resources resources;
};

struct CausalEdge {
  size_t from, to;  // 0-based step indices, from < to, different processes
  uint64_t shared;  // the resources on which they conflict (model/footprint.h bits)
};

// The cross-process edges of the Hasse diagram of the trace's happens-before
// order, grouped by `to` in trace order, the nearest `from` first.
std::vector<CausalEdge> causal_edges(const std::vector<StepFootprint>& steps);

// The resources two footprints conflict on (0: independent).
uint64_t conflict_bits(const model::Resources& a, const model::Resources& b);

// "block[3]", "io block[3]", "accounting", "i_size", "errseq", "i_rwsem",
// "alive[A]", ...: the name of a resource bit of model/footprint.h.
std::string resource_name(const model::Context& c, int bit);
// The names of the bits of `set`, lowest first, joined by ", ", runs of
// blocks folded: "block[0-3], io block[2], accounting".
std::string resource_names(const model::Context& c, uint64_t set);

}  // namespace wbcheck::cli
