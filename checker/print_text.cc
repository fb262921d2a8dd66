#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/report.h"
#include "checker/trace_text.h"

namespace wbcheck::checker {
namespace {

void append_trace(std::string& out, const ReportProperty& p, bool fold) {
  absl::StrAppend(&out, "\n", p.id, ": violated after ", p.trace.size(), " steps\n", trace_text(p, fold));
}

void append_stats(std::string& out, const Stats& s) {
  absl::StrAppend(&out, "\nstatistics:\n");
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "states stored", s.states));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "states matched", s.matched));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "transitions", s.transitions));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "max depth", s.max_depth));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "bytes per stored state", s.bytes_per_state));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %.1f MiB\n", "peak memory (RSS)", s.peak_rss_bytes / 1048576.0));
  std::string time = s.seconds < 1 ? absl::StrFormat("%.1f ms", s.seconds * 1000) : absl::StrFormat("%.2f s", s.seconds);
  absl::StrAppend(&out, absl::StrFormat("  %-24s %s\n", "time", time));
  absl::StrAppend(&out, absl::StrFormat("  %-24s %s\n", "partial-order reduction", s.por ? "on" : "off"));
  if (s.por) {
    absl::StrAppend(&out, absl::StrFormat("  %-24s %s\n", "sleep sets", s.sleep_sets ? "on" : "off"));
    if (s.sleep_sets) absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "states woken again", s.sleep_wakeups));
  }
  absl::StrAppend(&out, absl::StrFormat("  %-24s %s\n", "symmetry reduction", s.symmetry ? "on" : "off"));
  if (s.trace_states) {
    absl::StrAppend(&out, absl::StrFormat("  %-24s %d\n", "states for short traces", s.trace_states));
  }
  if (!s.stopped_by.empty()) absl::StrAppend(&out, absl::StrFormat("  %-24s %s\n", "stopped by limit", s.stopped_by));
}

}  // namespace

std::string print_text(const Report& r, const TextOptions& options) {
  std::string out = absl::StrCat(r.tool, " ", r.version, ": scenario ", r.scenario, ", policy ", r.policy, "\n");
  absl::StrAppend(&out, "verdict: ", to_string(r.verdict), "\n\n");
  size_t width = 0;
  for (const ReportProperty& p : r.properties) width = std::max(width, p.id.size());
  for (const ReportProperty& p : r.properties) {
    std::string depth = p.status == Status::kViolated ? absl::StrCat("trace of ", p.trace.size(), " steps")
                        : p.status == Status::kHolds ? absl::StrCat("all states checked, depth ", p.depth)
                                                     : absl::StrCat("every state to depth ", p.depth, " checked");
    absl::StrAppend(&out, absl::StrFormat("  %-9s %-*s  %s\n", to_string(p.status), width, p.id, depth));
  }
  for (const ReportProperty& p : r.properties) {
    if (p.status == Status::kViolated) append_trace(out, p, options.fold);
  }
  append_stats(out, r.stats);
  return out;
}

}  // namespace wbcheck::checker
