#include "cli/interrupt.h"

#include <signal.h>
#include <unistd.h>

namespace wbcheck::cli {
namespace {

// Lock-free (checker/limits.h asserts it), so storing to it is
// async-signal-safe.
std::atomic<bool> g_interrupted{false};

// Only async-signal-safe calls here: an atomic store and write(2).
void on_signal(int) {
  g_interrupted.store(true, std::memory_order_relaxed);
  static const char kNote[] = "wbcheck: interrupted, stopping the search and printing what it found\n";
  ssize_t ignored = ::write(STDERR_FILENO, kNote, sizeof kNote - 1);
  (void)ignored;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  // SA_RESETHAND: the second signal gets the default action (termination).
  // SA_RESTART: a file being read when the signal comes is read to the end.
  sa.sa_flags = SA_RESETHAND | SA_RESTART;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

const std::atomic<bool>* interrupt_flag() { return &g_interrupted; }

}  // namespace wbcheck::cli
