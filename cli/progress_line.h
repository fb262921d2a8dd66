// The live line `wbcheck check` keeps on stderr while it searches, when
// stderr is a terminal and --quiet is not given:
//   states 1.25M (412k/s)  depth 23  queue 86.1k  rss 143 MiB  0:03.1
// rewritten in place ("\r" ... erase to end of line) at most four times a
// second by the search's progress callback (checker/progress.h), and erased
// when the search ends. Nothing is written otherwise: a file or a pipe on
// stderr gets only what wbcheck always says there.
#pragma once

#include <string>

#include "checker/progress.h"

namespace wbcheck::cli {

class ProgressLine {
 public:
  // Active iff `enabled` and isatty(2).
  explicit ProgressLine(bool enabled);
  ~ProgressLine();  // erases the line if one was written
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // The callback for checker::Limits::progress; empty when inactive.
  checker::ProgressFn callback();

  // The line's text for a snapshot (no control characters).
  static std::string text(const checker::Progress& p);

 private:
  void show(const checker::Progress& p);
  bool active_ = false;
  bool shown_ = false;
};

}  // namespace wbcheck::cli
