// What a task holds across steps, in the short form of the trace's locks row
// (checker/trace_swimlane.h): "IO=x" IOLOCK (i_rwsem) exclusive, "IO=s"
// shared, "MM=x"/"MM=s" the MMAPLOCK (mapping->invalidate_lock), "F0,2" the
// folio locks of folios 0 and 2. ILOCK never appears: it is taken and dropped
// inside one step (model/state.h).
#pragma once

#include <string>

#include "model/context.h"
#include "model/state.h"

namespace wbcheck::model {

// "IO=x MM=s F0,1"; "" when the task holds nothing.
std::string held_locks_text(const State& s, const Context& c, int task);

}  // namespace wbcheck::model
