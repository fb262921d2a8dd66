// Resident set size of this process, from /proc/self/status (Linux).
#pragma once

#include <cstdint>

namespace wbcheck::checker {

// VmRSS in bytes, or 0 if unavailable.
uint64_t current_rss_bytes();
// VmHWM (peak resident set size) in bytes, or 0 if unavailable.
uint64_t peak_rss_bytes();

}  // namespace wbcheck::checker
