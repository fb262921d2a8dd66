#include "checker/trace_text.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

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

}  // namespace

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

std::string step_text(const ReportStep& s, size_t number) {
  std::string out = absl::StrFormat("  %3d  %-6s %s  (%s)\n", number, s.info.task, s.info.step, s.info.kernel);
  if (!s.info.hook.empty()) absl::StrAppend(&out, "              policy ", s.info.hook, "\n");
  if (!s.info.detail.empty()) absl::StrAppend(&out, "              ", s.info.detail, "\n");
  append_wrapped(out, changes_text(s.changes), "              | ");
  return out;
}

std::string trace_text(const ReportProperty& p) {
  std::string out = absl::StrCat("  must hold: ", p.statement, "\n  kernel failure: ", p.catches, "\n\n");
  for (size_t i = 0; i < p.trace.size(); ++i) absl::StrAppend(&out, step_text(p.trace[i], i + 1));
  absl::StrAppend(&out, "  the state after step ", p.trace.size(), " violates ", p.id, "\n");
  return out;
}

std::string undecided_text(const ReportProperty& p, const Stats& s) {
  std::string limit = s.stopped_by.empty()            ? std::string("the search stopped early")
                      : s.stopped_by == "interrupted" ? std::string("the search was interrupted")
                                                      : absl::StrCat("the search stopped at the ", s.stopped_by, " limit");
  return absl::StrCat("undecided: ", limit, "; every state to depth ", p.depth, " satisfies it");
}

}  // namespace wbcheck::checker
