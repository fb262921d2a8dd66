// One line on what a step decides in a given state, for traces: which extent
// a lookup found, why a conversion failed, which byte range a punch got.
#pragma once

#include <string>

#include "model/context.h"
#include "model/state.h"
#include "model/wb_model.h"

namespace wbcheck::model {

std::string step_detail(const State& s, const Context& c, const Action& a);

}  // namespace wbcheck::model
