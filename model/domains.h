// The state types the step functions are instantiated for. The steps are
// function templates over the state (model/steps.h), defined in their .cc
// files and explicitly instantiated there for each type listed here: the
// concrete State of the explicit search, and (properties/) the symbolic state
// whose fields are Z3 bit-vectors.
#pragma once

#include <type_traits>
#include <utility>

#include "model/state.h"
#include "model/sym/state.h"

namespace wbcheck::model {

// The per-task struct of a state type S (TaskState for State).
template <class S>
using TaskOf = std::remove_reference_t<decltype(std::declval<S&>().task[0])>;

}  // namespace wbcheck::model

// X(S) once per state type: the explicit instantiations at the end of each
// step file.
#define WBCHECK_FOR_EACH_STATE(X) X(::wbcheck::model::State) X(::wbcheck::model::SymState)
