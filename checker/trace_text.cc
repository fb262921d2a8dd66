#include "checker/trace_text.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/trace_swimlane.h"

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

// Whether item j continues the run of item i on consecutive indices: the same
// head and tail, index i's plus (j - i).
bool continues(const Key& k, const std::string& key, size_t distance) {
  Key n = split_key(key);
  return k.index >= 0 && n.head == k.head && n.tail == k.tail && n.index == k.index + static_cast<long>(distance);
}

std::string run_key(const Key& k, const std::string& key, size_t length) {
  if (length == 1) return key;
  return absl::StrCat(k.head, "[", k.index, "-", k.index + static_cast<long>(length) - 1, "]", k.tail);
}

}  // namespace

std::string wrap_items(const std::vector<std::string>& items, const std::string& indent, size_t width) {
  std::string out, line;
  for (const std::string& item : items) {
    if (!line.empty() && line.size() + 2 + item.size() + 1 > width) {  // + 1: the comma
      absl::StrAppend(&out, indent, line, ",\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : ", ", item);
  }
  if (!line.empty()) absl::StrAppend(&out, indent, line, "\n");
  return out;
}

std::string wrap_words(const std::string& text, const std::string& indent, size_t width) {
  std::string out, line;
  for (size_t at = 0; at < text.size();) {
    size_t space = text.find(' ', at);
    if (space == std::string::npos) space = text.size();
    std::string word = text.substr(at, space - at);
    at = space + 1;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      absl::StrAppend(&out, indent, line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  if (!line.empty()) absl::StrAppend(&out, indent, line, "\n");
  return out;
}

std::vector<std::string> state_text(const std::vector<StateValue>& values) {
  std::vector<std::string> out;
  for (size_t i = 0; i < values.size();) {
    const StateValue& v = values[i];
    Key k = split_key(v.key);
    size_t j = i + 1;
    while (j < values.size() && continues(k, values[j].key, j - i) && values[j].value == v.value &&
           values[j].text == v.text) {
      ++j;
    }
    out.push_back(absl::StrCat(run_key(k, v.key, j - i), " ", value_text(v.value, v.text)));
    i = j;
  }
  return out;
}

std::vector<std::string> changes_text(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (size_t i = 0; i < changes.size();) {
    const Change& c = changes[i];
    Key k = split_key(c.key);
    size_t j = i + 1;
    while (j < changes.size() && continues(k, changes[j].key, j - i)) {
      const Change& d = changes[j];
      if (d.before != c.before || d.after != c.after || d.before_text != c.before_text || d.after_text != c.after_text) {
        break;
      }
      ++j;
    }
    std::string key = run_key(k, c.key, j - i);
    out.push_back(absl::StrCat(key, " ", value_text(c.before, c.before_text), "->", value_text(c.after, c.after_text)));
    i = j;
  }
  return out;
}

std::string step_text(const ReportStep& s, size_t number) {
  std::string out = absl::StrFormat("  %3d  %-6s %s  (%s)\n", number, s.info.task, s.info.step, s.info.kernel);
  if (!s.info.hook.empty()) absl::StrAppend(&out, "              policy ", s.info.hook, "\n");
  if (!s.info.detail.empty()) absl::StrAppend(&out, "              ", s.info.detail, "\n");
  absl::StrAppend(&out, wrap_items(changes_text(s.changes), "              | ", 85));
  return out;
}

namespace {

// "  " + head + text, continued on lines indented by four spaces, within
// kMaxColumns: a long statement stays readable in a file.
std::string hanging(const std::string& head, const std::string& text) {
  const std::string body = wrap_words(head + text, "", kMaxColumns - 4);
  std::string out = "  ";
  for (size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == '\n' && i + 1 < body.size()) out += "    ";
  }
  return out;
}

}  // namespace

std::string trace_text(const ReportProperty& p, bool fold) {
  std::string out = absl::StrCat(hanging("must hold: ", p.statement), hanging("kernel failure: ", p.catches));
  bool locks = std::any_of(p.trace.begin(), p.trace.end(), [](const ReportStep& s) { return !s.holds.empty(); });
  if (locks) {
    absl::StrAppend(&out, "  locks held after each step: IO=x|s IOLOCK (i_rwsem) exclusive|shared, MM=x|s MMAPLOCK\n"
                          "  (invalidate_lock), F0,1 folios locked; ILOCK is held only within one step\n");
  }
  absl::StrAppend(&out, "\n", swimlane_text(p, fold));
  absl::StrAppend(&out, "  the state after step ", p.trace.size(), " violates ", p.id, "\n");
  absl::StrAppend(&out, wrap_items(state_text(p.violating_state), "  | ", kMaxColumns - 4));
  absl::StrAppend(&out, hanging(absl::StrCat(p.id, " must hold: "), p.statement));
  return out;
}

std::string undecided_text(const ReportProperty& p, const Stats& s) {
  std::string limit = s.stopped_by.empty()            ? std::string("the search stopped early")
                      : s.stopped_by == "interrupted" ? std::string("the search was interrupted")
                                                      : absl::StrCat("the search stopped at the ", s.stopped_by, " limit");
  return absl::StrCat("undecided: ", limit, "; every state to depth ", p.depth, " satisfies it");
}

}  // namespace wbcheck::checker
