#include "cli/progress_line.h"

#include <unistd.h>

#include <cmath>
#include <cstdint>

#include "absl/strings/str_format.h"

namespace wbcheck::cli {
namespace {

// 950, 12.3k, 4.56M: three significant digits are enough for a moving figure.
std::string count(double n) {
  if (n < 1e3) return absl::StrFormat("%.0f", n);
  // (absl::StrFormat needs a constant format string: one call per precision.)
  if (n < 1e4) return absl::StrFormat("%.2fk", n / 1e3);
  if (n < 1e5) return absl::StrFormat("%.1fk", n / 1e3);
  if (n < 1e6) return absl::StrFormat("%.0fk", n / 1e3);
  if (n < 1e7) return absl::StrFormat("%.2fM", n / 1e6);
  if (n < 1e8) return absl::StrFormat("%.1fM", n / 1e6);
  if (n < 1e9) return absl::StrFormat("%.0fM", n / 1e6);
  return absl::StrFormat("%.2fG", n / 1e9);
}

// Straight to the file descriptor: std::cerr's buffering would mix with the
// report's lines, and a partial write of a progress line only costs a redraw.
void write_stderr(const std::string& s) {
  for (size_t done = 0; done < s.size();) {
    ssize_t n = ::write(STDERR_FILENO, s.data() + done, s.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

}  // namespace

ProgressLine::ProgressLine(bool enabled) : active_(enabled && ::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  if (shown_) write_stderr("\r\x1b[K");
}

checker::ProgressFn ProgressLine::callback() {
  if (!active_) return nullptr;
  return [this](const checker::Progress& p) { show(p); };
}

std::string ProgressLine::text(const checker::Progress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.states) / p.seconds : 0;
  // Whole tenths first, so that 59.96 s shows as 1:00.0, not 0:60.0.
  const int64_t tenths = std::llround(p.seconds * 10);
  return absl::StrFormat("states %s (%s/s)  depth %d  queue %s  rss %.0f MiB  %d:%02d.%d", count(p.states),
                         count(rate), p.depth, count(p.queue), p.rss_bytes / 1048576.0, tenths / 600,
                         tenths % 600 / 10, tenths % 10);
}

void ProgressLine::show(const checker::Progress& p) {
  write_stderr("\r" + text(p) + "\x1b[K");
  shown_ = true;
}

}  // namespace wbcheck::cli
