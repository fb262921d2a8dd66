#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/report.h"

namespace wbcheck::checker {
namespace {

std::string value_text(int64_t v, const std::string& text) { return text.empty() ? absl::StrCat(v) : text; }

// "block[3].extent" -> {"block", 3, ".extent"}; keys without an index stay whole.
struct Key {
  std::string head;
  long index = -1;
  std::string tail;
};

Key split_key(const std::string& key) {
  size_t open = key.find('['), close = key.find(']');
  Key k{key};
  if (open == std::string::npos || close == std::string::npos || close < open) return k;
  char* end = nullptr;
  long i = std::strtol(key.c_str() + open + 1, &end, 10);
  if (end != key.c_str() + close) return k;
  return {key.substr(0, open), i, key.substr(close + 1)};
}

// Changes as "key before->after", with runs of the same change on consecutive
// indices folded: "block[0-4].extent delalloc->hole".
std::vector<std::string> changes_text(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (size_t i = 0; i < changes.size();) {
    const Change& c = changes[i];
    Key k = split_key(c.key);
    size_t j = i + 1;
    while (k.index >= 0 && j < changes.size()) {
      Key n = split_key(changes[j].key);
      const Change& d = changes[j];
      bool same = n.head == k.head && n.tail == k.tail && n.index == k.index + static_cast<long>(j - i) &&
                  d.before == c.before && d.after == c.after && d.before_text == c.before_text &&
                  d.after_text == c.after_text;
      if (!same) break;
      ++j;
    }
    std::string key = j - i > 1 ? absl::StrCat(k.head, "[", k.index, "-", k.index + static_cast<long>(j - i) - 1, "]", k.tail)
                                : c.key;
    out.push_back(absl::StrCat(key, " ", value_text(c.before, c.before_text), "->", value_text(c.after, c.after_text)));
    i = j;
  }
  return out;
}

// Wraps the items at about 100 columns, each line indented by `indent`.
void append_wrapped(std::string& out, const std::vector<std::string>& items, const std::string& indent) {
  std::string line;
  for (const std::string& item : items) {
    if (!line.empty() && line.size() + item.size() + 2 > 100 - indent.size()) {
      absl::StrAppend(&out, indent, line, ",\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : ", ", item);
  }
  if (!line.empty()) absl::StrAppend(&out, indent, line, "\n");
}

void append_trace(std::string& out, const ReportProperty& p) {
  absl::StrAppend(&out, "\n", p.id, ": violated after ", p.trace.size(), " steps\n");
  absl::StrAppend(&out, "  must hold: ", p.statement, "\n  kernel failure: ", p.catches, "\n\n");
  for (size_t i = 0; i < p.trace.size(); ++i) {
    const ReportStep& s = p.trace[i];
    absl::StrAppend(&out, absl::StrFormat("  %3d  %-6s %s  (%s)\n", i + 1, s.info.task, s.info.step, s.info.kernel));
    if (!s.info.detail.empty()) absl::StrAppend(&out, "              ", s.info.detail, "\n");
    append_wrapped(out, changes_text(s.changes), "              | ");
  }
  absl::StrAppend(&out, "  the state after step ", p.trace.size(), " violates ", p.id, "\n");
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
                        : p.status == Status::kHolds ? absl::StrCat("all states checked, depth ", p.depth)
                                                     : absl::StrCat("every state to depth ", p.depth, " checked");
    absl::StrAppend(&out, absl::StrFormat("  %-9s %-*s  %s\n", to_string(p.status), width, p.id, depth));
  }
  for (const ReportProperty& p : r.properties) {
    if (p.status == Status::kViolated) append_trace(out, p);
  }
  append_stats(out, r.stats);
  return out;
}

}  // namespace wbcheck::checker
