#include "checker/trace_swimlane.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "checker/trace_text.h"

namespace wbcheck::checker {
namespace {

constexpr size_t kMargin = 8;        // "  %4d  ": the step number column
constexpr size_t kMinTextWidth = 48;  // below this, secondary lines give up the lane bars

size_t lane_of(const std::vector<std::string>& lanes, const std::string& task) {
  return static_cast<size_t>(std::find(lanes.begin(), lanes.end(), task) - lanes.begin());
}

// Narrow lanes when there are many, so that the locks row of four tasks and
// the teardown fits (at most 96 / lanes, and 24), and so that every step's
// function fits in its lane's line: a step in lane k starts at
// kMargin + k * width. Never below kMinLaneWidth (past that, a line may be
// longer than kMaxColumns).
constexpr size_t kMinLaneWidth = 10;
size_t lane_width(const std::vector<std::string>& lanes, const std::vector<ReportStep>& steps) {
  size_t width = std::min<size_t>(24, 96 / std::max<size_t>(lanes.size(), 1));
  for (const ReportStep& s : steps) {
    const size_t k = lane_of(lanes, s.info.task);
    if (k == 0 || kMargin + s.info.step.size() >= kMaxColumns) continue;
    width = std::min(width, (kMaxColumns - kMargin - s.info.step.size()) / k);
  }
  return std::max(width, kMinLaneWidth);
}

std::string pad(const std::string& s, size_t width) {
  return s.size() + 1 >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

std::string rstrip(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// The lane bars left of lane k: the columns a line crosses to reach it.
std::string bars(size_t k, size_t width) {
  std::string out;
  for (size_t i = 0; i < k; ++i) out += pad("|", width);
  return out;
}

struct Layout {
  std::vector<std::string> lanes;
  size_t width;
};

// What every task holds after a step; nothing when the report has no locks.
void append_locks(std::string& out, const Layout& l, const std::vector<std::string>& holds) {
  if (holds.empty()) return;
  std::string row = "  locks ";
  for (size_t i = 0; i < l.lanes.size(); ++i) {
    const bool held = i < holds.size() && !holds[i].empty();
    row += pad(held ? holds[i] : "|", l.width);
  }
  absl::StrAppend(&out, rstrip(row), "\n");
}

void append_step(std::string& out, const Layout& l, const ReportStep& s, size_t number) {
  const size_t k = lane_of(l.lanes, s.info.task);
  std::string head = absl::StrFormat("  %4d  ", number) + bars(k, l.width);
  std::string indent = std::string(kMargin, ' ') + bars(k, l.width) + "  ";
  if (indent.size() + kMinTextWidth > kMaxColumns) indent = std::string(kMargin + 2, ' ');
  std::string file = absl::StrCat("(", s.info.kernel, ")");
  if (head.size() + s.info.step.size() + 2 + file.size() <= kMaxColumns) {
    absl::StrAppend(&out, head, s.info.step, "  ", file, "\n");
  } else {
    absl::StrAppend(&out, head, s.info.step, "\n", indent, file, "\n");
  }
  const size_t width = kMaxColumns - indent.size();
  if (!s.info.hook.empty()) absl::StrAppend(&out, indent, "policy ", s.info.hook, "\n");
  if (!s.info.detail.empty()) absl::StrAppend(&out, wrap_words(s.info.detail, indent, width));
  absl::StrAppend(&out, wrap_items(changes_text(s.changes), indent + "| ", width - 2));
  append_locks(out, l, s.holds);
}

// "... 4 steps of task C folded (--no-fold to show)", then the locks after them.
void append_fold(std::string& out, const Layout& l, const std::vector<ReportStep>& steps, size_t from, size_t to) {
  std::vector<std::string> tasks;
  for (size_t i = from; i < to; ++i) {
    if (std::find(tasks.begin(), tasks.end(), steps[i].info.task) == tasks.end()) tasks.push_back(steps[i].info.task);
  }
  absl::StrAppend(&out, std::string(kMargin, ' '), "... ", to - from, " steps of task", tasks.size() > 1 ? "s " : " ",
                  absl::StrJoin(tasks, ", "), " folded (--no-fold to show)\n");
  append_locks(out, l, steps[to - 1].holds);
}

}  // namespace

std::vector<std::string> trace_lanes(const ReportProperty& p) {
  std::vector<std::string> lanes = p.lanes;
  for (const ReportStep& s : p.trace) {
    if (lane_of(lanes, s.info.task) == lanes.size()) lanes.push_back(s.info.task);
  }
  return lanes;
}

std::string swimlane_text(const ReportProperty& p, bool fold) {
  Layout l{trace_lanes(p), 0};
  l.width = lane_width(l.lanes, p.trace);
  std::string header = "  step  ";
  for (const std::string& lane : l.lanes) header += pad(lane, l.width);
  std::string out = rstrip(header) + "\n";
  for (size_t i = 0; i < p.trace.size();) {
    size_t j = i;
    while (fold && j < p.trace.size() && !p.trace[j].relevant) ++j;
    if (j - i >= kMinFold) {
      append_fold(out, l, p.trace, i, j);
      i = j;
      continue;
    }
    append_step(out, l, p.trace[i], i + 1);
    ++i;
  }
  return out;
}

}  // namespace wbcheck::checker
