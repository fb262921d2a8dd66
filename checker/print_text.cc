#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/report.h"

namespace wbcheck::checker {
namespace {

std::string value_text(int64_t v, const std::string& text) { return text.empty() ? absl::StrCat(v) : text; }

std::string changes_text(const std::vector<Change>& changes) {
  std::string out;
  for (const Change& c : changes) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", c.key, " ", value_text(c.before, c.before_text), "->",
                    value_text(c.after, c.after_text));
  }
  return out;
}

void append_trace(std::string& out, const ReportProperty& p) {
  absl::StrAppend(&out, "\n", p.id, ": violated after ", p.trace.size(), " steps\n");
  absl::StrAppend(&out, "  must hold: ", p.statement, "\n  kernel failure: ", p.catches, "\n");
  size_t width = 0;
  for (const ReportStep& s : p.trace) width = std::max(width, s.info.step.size());
  for (size_t i = 0; i < p.trace.size(); ++i) {
    const ReportStep& s = p.trace[i];
    absl::StrAppend(&out, absl::StrFormat("  %3d  %-6s %-*s  %s\n", i + 1, s.info.task, width, s.info.step,
                                          changes_text(s.changes)));
  }
  absl::StrAppend(&out, "  (the last state violates ", p.id, ")\n");
}

void append_stats(std::string& out, const Stats& s) {
  absl::StrAppend(&out, "\nstatistics:\n");
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "states stored", s.states));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "states matched", s.matched));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "transitions", s.transitions));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "max depth", s.max_depth));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "bytes per stored state", s.bytes_per_state));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %.1f MiB\n", "peak memory (RSS)", s.peak_rss_bytes / 1048576.0));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %.3f s\n", "time", s.seconds));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %s\n", "partial-order reduction", s.por ? "on" : "off"));
  if (!s.stopped_by.empty()) absl::StrAppend(&out, absl::StrFormat("  %-24s %s\n", "stopped by limit", s.stopped_by));
}

}  // namespace

std::string print_text(const Report& r) {
  std::string out = absl::StrCat(r.tool, " ", r.version, ": scenario ", r.scenario, ", policy ", r.policy, "\n");
  absl::StrAppend(&out, "verdict: ", to_string(r.verdict), "\n\n");
  size_t width = 0;
  for (const ReportProperty& p : r.properties) width = std::max(width, p.id.size());
  for (const ReportProperty& p : r.properties) {
    std::string depth = p.status == Status::kViolated ? absl::StrCat("trace of ", p.trace.size(), " steps")
                                                      : absl::StrCat("checked to depth ", p.depth);
    absl::StrAppend(&out, absl::StrFormat("  %-9s %-*s  %s\n", to_string(p.status), width, p.id, depth));
  }
  for (const ReportProperty& p : r.properties) {
    if (p.status == Status::kViolated) append_trace(out, p);
  }
  append_stats(out, r.stats);
  return out;
}

}  // namespace wbcheck::checker
