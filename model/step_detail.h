// One line on what a step decides in a given state, for traces: which extent
// a lookup found, why a conversion failed, which byte range a punch got.
#pragma once

#include <string>

#include "model/context.h"
#include "model/state.h"
#include "model/wb_model.h"

namespace wbcheck::model {

std::string step_detail(const State& s, const Context& c, const Action& a);

// The buffered write's steps and its failure cleanup (write_detail.cc).
std::string write_detail(const State& s, const Context& c, const Action& a);
// "removes fsb {..}" for the extents that are holes in `after` only.
std::string extents_removed(const State& before, const State& after, const Context& c);

}  // namespace wbcheck::model
