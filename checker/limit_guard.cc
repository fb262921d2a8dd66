#include "checker/limit_guard.h"

#include "checker/rss.h"

namespace wbcheck::checker {

LimitGuard::LimitGuard(const Limits& limits)
    : limits_(limits), start_(std::chrono::steady_clock::now()) {}

double LimitGuard::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

bool LimitGuard::time_exceeded() {
  if (limits_.time_limit_seconds <= 0) return false;
  if (expansions_++ % kTimeCheckPeriod != 0) return false;
  return elapsed_seconds() > limits_.time_limit_seconds;
}

bool LimitGuard::memory_exceeded(uint64_t stored, uint64_t estimated_bytes) const {
  if (limits_.max_memory_bytes == 0) return false;
  if (estimated_bytes > limits_.max_memory_bytes) return true;
  if (stored % kRssCheckPeriod != 1) return false;
  return current_rss_bytes() > limits_.max_memory_bytes;
}

bool LimitGuard::growth_exceeds(uint64_t growth_bytes) const {
  if (limits_.max_memory_bytes == 0 || growth_bytes < kMinCheckedGrowth) return false;
  return current_rss_bytes() + growth_bytes > limits_.max_memory_bytes;
}

}  // namespace wbcheck::checker
