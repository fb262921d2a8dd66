#include "cli/trace_match.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {
namespace {

using model::JsonCursor;

// The integer a JSON number holds, if it is an integer.
// (Integers beyond int64 read as INT64_MAX: they differ from every value the
// model has, which is all a comparison needs.)
template <class Json>
std::optional<int64_t> as_int(const Json& v) {
  if (v.is_number_unsigned()) {
    uint64_t u = v.template get<uint64_t>();
    return u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(u);
  }
  if (v.is_number_integer()) return v.template get<int64_t>();
  return std::nullopt;
}

std::string brief(const TraceJson& v) { return v.dump(-1, ' ', true, TraceJson::error_handler_t::replace); }

absl::Status differs(const JsonCursor& at, const TraceJson& expected) {
  return at.error(absl::StrCat("the file records ", model::json_brief(at.value()), ", the model has ", brief(expected)));
}

absl::Status match_scalar(const JsonCursor& at, const TraceJson& expected) {
  const nlohmann::json& v = at.value();
  if (expected.is_string()) {
    if (!v.is_string()) return at.expected(absl::StrCat("a string (the model has ", brief(expected), ")"));
    return v.get_ref<const std::string&>() == expected.get_ref<const std::string&>() ? absl::OkStatus()
                                                                                     : differs(at, expected);
  }
  if (std::optional<int64_t> want = as_int(expected)) {
    std::optional<int64_t> got = as_int(v);
    if (!got) return at.expected(absl::StrCat("an integer (the model has ", *want, ")"));
    return *got == *want ? absl::OkStatus() : differs(at, expected);
  }
  if (expected.is_null()) return v.is_null() ? absl::OkStatus() : at.expected("null");
  return at.error("the model has a value of a kind trace files do not hold");  // not written by trace_file.cc
}

absl::Status match_object(const JsonCursor& at, const TraceJson& expected, std::string_view skip) {
  if (!at.is_object()) return at.expected("an object");
  for (const auto& [k, v] : expected.items()) {
    if (!at.has(k)) return at.key(k).error("missing key");
    if (absl::Status st = match_json(at.key(k), v); !st.ok()) return st;
  }
  for (const std::string& k : at.keys()) {
    if (k != skip && !expected.contains(k)) return at.key(k).error(absl::StrCat("unknown key '", k, "'"));
  }
  return absl::OkStatus();
}

absl::Status match_array(const JsonCursor& at, const TraceJson& expected) {
  if (!at.value().is_array()) return at.expected(absl::StrCat("an array of ", expected.size(), " elements"));
  if (at.size() != expected.size()) {
    return at.error(absl::StrCat("the file records ", at.size(), " elements, the model has ", expected.size()));
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    if (absl::Status st = match_json(at.index(i), expected[i]); !st.ok()) return st;
  }
  return absl::OkStatus();
}

// What a recorded action says of itself; ioend is set for a completion.
struct RecordedAction {
  uint64_t index = 0;
  std::string task, step, file, detail, hook;
  uint64_t choice = 0;
  std::optional<uint64_t> ioend;
};

absl::StatusOr<RecordedAction> read_action(const JsonCursor& at) {
  WBCHECK_JSON_RETURN_IF_ERROR(
      at.expect_object({"index", "task", "step", "file", "choice", "ioend", "detail", "policy_hook"}));
  RecordedAction r;
  const std::pair<const char*, std::string*> texts[] = {
      {"task", &r.task}, {"step", &r.step}, {"file", &r.file}, {"detail", &r.detail}};
  for (const auto& [key, out] : texts) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor c, at.require(key));
    WBCHECK_JSON_ASSIGN_OR_RETURN(*out, c.get_string());
  }
  if (at.has("policy_hook")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(r.hook, at.key("policy_hook").get_string());
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor index, at.require("index"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(r.index, index.get_uint());
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor choice, at.require("choice"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(r.choice, choice.get_uint());
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor ioend, at.require("ioend"));
  if (!ioend.value().is_null()) {
    absl::StatusOr<uint64_t> slot = ioend.get_uint();
    if (!slot.ok()) return ioend.expected("null or an ioend slot number");
    r.ioend = *slot;
  }
  return r;
}

bool names(const model::Context& c, const model::Action& a, const RecordedAction& r) {
  if (a.choice != r.choice || (a.io != 0) != r.ioend.has_value()) return false;
  return a.io ? a.task == *r.ioend : c.task_name(a.task) == r.task;
}

// "A iomap_write_begin, B xfs_end_ioend (ioend 1), ..." for the message of a
// step that is not enabled.
std::string enabled_text(const ExplorableModel& m, const model::State& s, const std::vector<model::Action>& as) {
  std::string out;
  for (const model::Action& a : as) {
    checker::StepInfo d = m.describe(s, a);
    absl::StrAppend(&out, out.empty() ? "" : ", ", d.task, " ", d.step);
    if (a.io) absl::StrAppend(&out, " (ioend ", a.task, ")");
    if (a.choice != 0) absl::StrAppend(&out, " (choice ", a.choice, ")");
  }
  return out.empty() ? "none" : out;
}

absl::Status same_text(const JsonCursor& at, std::string_view key, const std::string& recorded,
                       const std::string& model) {
  if (recorded == model) return absl::OkStatus();
  return at.key(key).error(absl::StrCat("the file records \"", recorded, "\", the model has \"", model, "\""));
}

// The recorded description against the model's, key by key.
absl::Status match_description(const JsonCursor& at, const RecordedAction& r, const checker::StepInfo& d) {
  WBCHECK_JSON_RETURN_IF_ERROR(same_text(at, "task", r.task, d.task));
  WBCHECK_JSON_RETURN_IF_ERROR(same_text(at, "step", r.step, d.step));
  WBCHECK_JSON_RETURN_IF_ERROR(same_text(at, "file", r.file, d.kernel));
  WBCHECK_JSON_RETURN_IF_ERROR(same_text(at, "detail", r.detail, d.detail));
  if (d.hook.empty() && at.has("policy_hook")) return at.key("policy_hook").error("the model's step runs no policy hook");
  if (!d.hook.empty() && !at.has("policy_hook")) {
    return at.error(absl::StrCat("missing key 'policy_hook': the model's step runs ", d.hook));
  }
  return same_text(at, "policy_hook", r.hook, d.hook);
}

}  // namespace

absl::Status match_json(const JsonCursor& recorded, const TraceJson& expected, std::string_view skip) {
  if (expected.is_object()) return match_object(recorded, expected, skip);
  if (expected.is_array()) return match_array(recorded, expected);
  return match_scalar(recorded, expected);
}

absl::StatusOr<model::Action> match_action(const JsonCursor& recorded, const ExplorableModel& m,
                                           const model::State& before) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(RecordedAction r, read_action(recorded));
  std::vector<model::Action> enabled;
  m.actions(before, enabled);
  size_t i = 0;
  while (i < enabled.size() && !names(m.wb().context(), enabled[i], r)) ++i;
  if (i == enabled.size()) {
    std::string who = r.ioend ? absl::StrCat(r.task, " ", r.step, " (ioend ", *r.ioend, ")") : absl::StrCat(r.task, " ", r.step);
    if (r.choice != 0) absl::StrAppend(&who, " (choice ", r.choice, ")");
    return recorded.error(absl::StrCat("the step '", who, "' is not enabled in the state before it; enabled: ",
                                       enabled_text(m, before, enabled)));
  }
  WBCHECK_JSON_RETURN_IF_ERROR(match_description(recorded, r, m.describe(before, enabled[i])));
  if (r.index != i) {
    return recorded.key("index").error(
        absl::StrCat("the file records ", r.index, ", but the step is action ", i, " of those the model enables"));
  }
  return enabled[i];
}

}  // namespace wbcheck::cli
