// SIGINT and SIGTERM end a search the way a limit does: the handler only sets
// a flag, the search polls it (checker::Limits::interrupt) and stops with
// stopped_by "interrupted", and the run prints its report as usual and exits 5
// (inconclusive). A second signal of either kind kills the process at once,
// for the user who does not want to wait for the report.
#pragma once

#include <atomic>

namespace wbcheck::cli {

// Installs the handlers; call once, before a command that searches.
void install_interrupt_handlers();

// The flag the handlers set; never null. Every search cli/ starts reads it.
const std::atomic<bool>* interrupt_flag();

}  // namespace wbcheck::cli
