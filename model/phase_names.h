// Printable names of phases and waits, for traces and diagnostics.
#pragma once

#include "model/phase.h"
#include "model/state.h"

namespace wbcheck::model {

const char* phase_name(Phase p);
const char* wait_name(Wait w);

}  // namespace wbcheck::model
