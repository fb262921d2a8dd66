// One enabled step of the model, as the search and the traces name it.
#pragma once

#include <cstdint>

namespace wbcheck::model {

// One enabled step: a task's next program step, or the completion of a
// submitted ioend; `choice` picks a fault outcome (0 = success).
struct Action {
  uint8_t task;  // the task; for a completion, the ioend slot
  uint8_t choice;
  uint8_t io;  // 1: the completion of the ioend in slot `task`
};

}  // namespace wbcheck::model
