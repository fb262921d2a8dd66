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

bool LimitGuard::memory_exceeded(uint64_t stored, uint64_t estimated_bytes) {
  if (limits_.max_memory_bytes == 0) return false;
  if (estimated_bytes > limits_.max_memory_bytes) return true;
  if (stored < next_rss_sample_) return false;
  next_rss_sample_ = stored + kRssCheckPeriod;
  const uint64_t rss = current_rss_bytes();
  const uint64_t growth = last_rss_ != 0 && rss > last_rss_ ? rss - last_rss_ : 0;
  last_rss_ = rss;
  return rss + 2 * growth > limits_.max_memory_bytes;
}

bool LimitGuard::progress_due_now() {
  if (!limits_.progress) return false;
  const double now = elapsed_seconds();
  if (now - last_progress_ < limits_.progress_interval_seconds) return false;
  last_progress_ = now;
  return true;
}

void LimitGuard::report_progress(uint64_t states, uint64_t depth, uint64_t queue) const {
  limits_.progress(Progress{states, depth, queue, current_rss_bytes(), elapsed_seconds()});
}

bool LimitGuard::growth_exceeds(uint64_t growth_bytes) const {
  if (limits_.max_memory_bytes == 0 || growth_bytes < kMinCheckedGrowth) return false;
  return current_rss_bytes() + growth_bytes > limits_.max_memory_bytes;
}

}  // namespace wbcheck::checker
