// `wbcheck replay`: read the trace's header, load the model it names, walk
// its states against the model, and judge the recorded property at the end.
#include "cli/replay.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/report.h"
#include "checker/trace_text.h"
#include "cli/check_pair.h"
#include "cli/load.h"
#include "cli/run_check.h"
#include "cli/trace_file.h"
#include "cli/trace_match.h"
#include "cli/version.h"
#include "model/fields.h"
#include "model/json_path.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

using model::JsonCursor;

// The top-level "#meta" as recorded.
struct Header {
  std::string version, scenario, scenario_file, scenario_fingerprint;
  std::string policy, policy_file, policy_fingerprint, property;
  uint64_t steps = 0;
  const properties::PropertyDef* def = nullptr;
};

absl::Status expect_text(const JsonCursor& meta, const char* key, const char* want) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor at, meta.require(key));
  WBCHECK_JSON_ASSIGN_OR_RETURN(std::string got, at.get_string());
  return got == want ? absl::OkStatus() : at.expected(absl::StrCat("\"", want, "\""));
}

// A path to open, printable in messages: no control characters.
absl::Status expect_path(const JsonCursor& at, const std::string& path) {
  bool printable = !path.empty();
  for (unsigned char ch : path) printable = printable && ch >= 0x20 && ch != 0x7f;
  return printable ? absl::OkStatus() : at.expected("a file path");
}

absl::StatusOr<Header> read_header(const JsonCursor& root) {
  WBCHECK_JSON_RETURN_IF_ERROR(root.expect_object({"#meta", "vars", "states"}));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor meta, root.require("#meta"));
  WBCHECK_JSON_RETURN_IF_ERROR(meta.expect_object(
      {"format", "format-description", "tool", "version", "scenario", "scenario_file", "scenario_fingerprint", "policy",
       "policy_file", "policy_fingerprint", "property", "statement", "steps"}));
  WBCHECK_JSON_RETURN_IF_ERROR(expect_text(meta, "format", kTraceFormat));
  WBCHECK_JSON_RETURN_IF_ERROR(expect_text(meta, "tool", "wbcheck"));
  Header h;
  std::string description, statement;
  const std::pair<const char*, std::string*> texts[] = {
      {"format-description", &description}, {"version", &h.version}, {"scenario", &h.scenario},
      {"scenario_file", &h.scenario_file}, {"scenario_fingerprint", &h.scenario_fingerprint},
      {"policy", &h.policy}, {"policy_file", &h.policy_file}, {"policy_fingerprint", &h.policy_fingerprint},
      {"property", &h.property}, {"statement", &statement}};
  for (const auto& [key, out] : texts) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor at, meta.require(key));
    WBCHECK_JSON_ASSIGN_OR_RETURN(*out, at.get_string());
  }
  WBCHECK_JSON_RETURN_IF_ERROR(expect_path(meta.key("scenario_file"), h.scenario_file));
  WBCHECK_JSON_RETURN_IF_ERROR(expect_path(meta.key("policy_file"), h.policy_file));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor steps, meta.require("steps"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(h.steps, steps.get_uint());
  h.def = properties::find_property(h.property);
  if (h.def == nullptr) {
    return meta.key("property").error(absl::StrCat("unknown property '", h.property, "' (see: wbcheck list properties)"));
  }
  TraceJson vars = TraceJson::array();
  for (const std::string& v : trace_vars()) vars.push_back(v);
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor recorded_vars, root.require("vars"));
  WBCHECK_JSON_RETURN_IF_ERROR(match_json(recorded_vars, vars));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor states, root.require("states"));
  WBCHECK_JSON_RETURN_IF_ERROR(states.expect_array(1));
  return h;
}

// The file the trace records (at `recorded`), unless the command line names
// another; a recorded path that does not load is an error at its key.
template <class T, class Load>
absl::StatusOr<T> load_input(const std::string& given, const JsonCursor& recorded, const char* flag, Load load) {
  if (!given.empty()) return load(given);
  absl::StatusOr<T> x = load(recorded.value().get<std::string>());  // a string: read_header checked it
  if (x.ok()) return x;
  return recorded.error(absl::StrCat(x.status().message(), " (give ", flag, " to use another)"));
}


// Differences that need not break the replay (a reformatted or renamed input,
// another wbcheck version), said before it so that a failure has its context.
void print_notes(const Header& h, const model::Context& c, const ReplayOptions& o) {
  auto note = [](const std::string& text) { std::cerr << "wbcheck: note: " << text << "\n"; };
  const std::string scenario = o.scenario.empty() ? h.scenario_file : o.scenario;
  const std::string policy = o.policy.empty() ? h.policy_file : o.policy;
  if (h.version != kVersion) note(absl::StrCat("the trace was written by wbcheck ", h.version, ", this is ", kVersion));
  if (c.scenario.name != h.scenario) {
    note(absl::StrCat("the trace is of scenario ", h.scenario, ", ", scenario, " is ", c.scenario.name));
  }
  if (c.policy.name != h.policy) {
    note(absl::StrCat("the trace is of policy ", h.policy, ", ", policy, " is ", c.policy.name));
  }
  if (file_fingerprint(scenario) != h.scenario_fingerprint) {
    note(absl::StrCat(scenario, " is not the scenario file the trace was written from"));
  }
  if (file_fingerprint(policy) != h.policy_fingerprint) {
    note(absl::StrCat(policy, " is not the policy file the trace was written from"));
  }
}

absl::Status check_state_meta(const JsonCursor& entry, size_t i, JsonCursor* action) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor meta, entry.require("#meta"));
  if (i == 0) {
    WBCHECK_JSON_RETURN_IF_ERROR(meta.expect_object({"index"}));
  } else {
    WBCHECK_JSON_RETURN_IF_ERROR(meta.expect_object({"index", "action"}));
    WBCHECK_JSON_ASSIGN_OR_RETURN(*action, meta.require("action"));
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor index, meta.require("index"));
  absl::StatusOr<uint64_t> got = index.get_uint();
  if (!got.ok() || *got != i) return index.expected(absl::StrCat(i, " (states are numbered from 0, in order)"));
  return absl::OkStatus();
}

absl::Status with_context(const absl::Status& st, const std::string& context) {
  return absl::InvalidArgumentError(absl::StrCat(st.message(), " (", context, ")"));
}

// Walks the recorded states against the model, printing each step; the last
// state reached on success.
absl::StatusOr<model::State> walk(const JsonCursor& states, const ExplorableModel& m) {
  const model::Context& c = m.wb().context();
  model::State x = m.wb().initial_state();
  JsonCursor first = states.index(0);
  WBCHECK_JSON_RETURN_IF_ERROR(check_state_meta(first, 0, nullptr));
  if (absl::Status st = match_json(first, state_json(c, x), "#meta"); !st.ok()) {
    return with_context(st, "in the initial state");
  }
  for (size_t i = 1; i < states.size(); ++i) {
    JsonCursor entry = states.index(i), action = entry;
    WBCHECK_JSON_RETURN_IF_ERROR(check_state_meta(entry, i, &action));
    WBCHECK_JSON_ASSIGN_OR_RETURN(model::Action a, match_action(action, m, x));
    model::State y = m.apply(x, a);
    checker::ReportStep step{m.describe(x, a), m.changes(x, y)};
    std::cout << checker::step_text(step, i);
    if (absl::Status st = match_json(entry, state_json(c, y), "#meta"); !st.ok()) {
      return with_context(st, absl::StrCat("after step ", i, ": ", step.info.task, " ", step.info.step));
    }
    x = y;
  }
  return x;
}

// The model of the trace, its states walked, and the verdict on the last one.
int replay(const JsonCursor& root, const Header& h, const model::WbModel& wb, const ReplayOptions& o) {
  const ExplorableModel m(wb);
  const model::Context& c = wb.context();
  print_notes(h, c, o);
  std::cout << "wbcheck " << kVersion << ": replay " << o.trace << ": scenario " << c.scenario.name << ", policy "
            << c.policy.name << "\n"
            << h.property << ": recorded as violated after " << h.steps << " steps\n"
            << "  must hold: " << h.def->statement << "\n  kernel failure: " << h.def->catches << "\n\n";
  const JsonCursor states = root.key("states");  // an array of at least one state (read_header)
  absl::StatusOr<model::State> last = walk(states, m);
  if (last.ok() && states.size() - 1 != h.steps) {
    last = root.key("#meta").key("steps").expected(
        absl::StrCat(states.size() - 1, " (the states after the initial one in $.states)"));
  }
  std::cout.flush();
  if (!last.ok()) {
    std::cerr << "wbcheck: " << last.status().message() << "\n";
    return kExitBadInput;
  }
  if (h.def->native(model::ConcreteView(c, *last))) {
    std::cout << "  " << h.property << " holds in the state after step " << h.steps
              << ": the trace replays but does not reproduce the violation\n";
    return kExitHolds;
  }
  std::cout << "  the state after step " << h.steps << " violates " << h.property << ": reproduced\n";
  return kExitViolated;
}

}  // namespace

int run_replay(const ReplayOptions& o) {
  absl::StatusOr<nlohmann::json> doc = read_json_file(o.trace);
  absl::StatusOr<Header> h = doc.ok() ? read_header(JsonCursor(*doc, o.trace)) : doc.status();
  if (!h.ok()) {
    std::cerr << "wbcheck: " << h.status().message() << "\n";
    return kExitBadInput;
  }
  const JsonCursor meta = JsonCursor(*doc, o.trace).key("#meta");
  absl::StatusOr<model::Scenario> s =
      load_input<model::Scenario>(o.scenario, meta.key("scenario_file"), "--scenario", load_scenario);
  absl::StatusOr<model::Policy> p =
      s.ok() ? load_input<model::Policy>(o.policy, meta.key("policy_file"), "--policy", load_policy) : s.status();
  absl::StatusOr<model::WbModel> m = p.ok() ? make_model(*s, *p) : p.status();
  if (p.ok() && !m.ok()) {
    m = absl::InvalidArgumentError(absl::StrCat(s->name, " + ", p->name, ": ", m.status().message()));
  }
  if (!m.ok()) {
    std::cerr << "wbcheck: " << m.status().message() << "\n";
    return kExitBadInput;
  }
  return replay(JsonCursor(*doc, o.trace), *h, *m, o);
}

}  // namespace wbcheck::cli
