// The counterexample file: what `wbcheck check --trace-out` writes and
// `wbcheck replay` reads back. One JSON document in the Informal Trace Format
// of Apalache (ITF, ADR-015: https://apalache-mc.org/docs/adr/015adr-trace.html),
// so that generic ITF viewers can show it:
//
//   {"#meta": {format, format-description, tool, version, scenario,
//              scenario_file, scenario_fingerprint, policy, policy_file,
//              policy_fingerprint, property, statement, steps},
//    "vars": [the state variables],
//    "states": [{"#meta": {"index": 0}, <var>: <value>, ...},
//               {"#meta": {"index": 1, "action": {index, task, step, file,
//                                                 choice, ioend, detail[, policy_hook]}}, ...}, ...]}
//
// Every state carries every named field of model/fields.h, not only what
// changed, so a reader (or a tool) sees the whole state at each step without
// replaying anything. docs/formats.md "Trace files" describes every key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/check.h"  // before explorable.h: checker/por.h uses WBCHECK_CHECK without including it
#include "checker/result.h"
#include "cli/explorable.h"
#include "model/context.h"
#include "model/state.h"
#include "model/wb_model.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {

// Ordered: the file lists keys in the order the field table gives them.
using TraceJson = nlohmann::ordered_json;

// A path of the model from its initial state.
using ModelTrace = checker::Trace<ExplorableModel>;

inline constexpr const char* kTraceFormat = "ITF";
inline constexpr const char* kTraceFormatDescription = "https://apalache-mc.org/docs/adr/015adr-trace.html";

// Where a trace comes from; the top-level "#meta" besides format, tool and
// version, and the counts the document itself gives.
struct TraceSource {
  std::string scenario_file;  // as given on the command line
  std::string policy_file;
  std::string scenario_fingerprint;  // file_fingerprint() of each
  std::string policy_fingerprint;
  std::string property;  // the violated property's id
};

// The state variables, in the order state_json writes them: the inode and
// mount fields by their field-table names, then "folio", "block", "task",
// "ioend". The same for every scenario.
std::vector<std::string> trace_vars();

// One ITF state without its "#meta": each single field by name; "folio",
// "block" and "ioend" arrays of records by index; "task" a record keyed by
// task name. Fields whose values have names (field_has_value_names) are
// strings, the others integers.
TraceJson state_json(const model::Context& c, const model::State& s);

// The "#meta".action of the state `a` leads to from `before`: its position
// `index` among the actions enabled in `before`, who runs it, the kernel
// function and file, the fault outcome (`choice`), the ioend slot it
// completes (null for a task's own step), and the step's detail and policy hook.
TraceJson action_json(const ExplorableModel& m, const model::State& before, const model::Action& a,
                      uint32_t index);

// The whole document for the path `t` of `m`, ending with a newline.
std::string trace_document(const ExplorableModel& m, const ModelTrace& t, const TraceSource& source);

// "fnv1a64:" and 16 hex digits: FNV-1a of `doc` serialized compactly with
// sorted keys, so that reformatting a scenario or policy file leaves it alone.
std::string json_fingerprint(const nlohmann::json& doc);
// json_fingerprint of the JSON document in `path`; "" when it cannot be read.
std::string file_fingerprint(const std::string& path);

}  // namespace wbcheck::cli
