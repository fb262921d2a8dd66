// The 6.2 seed counterexample in every form the pictures tests compare:
// `check --scenario bug217030 --policy linux-6.2 --format json --trace-out T
// --dot D --html H`, run once per test process. The trace file T is the
// reference: what the DOT graph and the HTML page show must be what T says.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "nlohmann/json.hpp"

namespace wbcheck::e2e {

struct SeedViews {
  Invocation run;
  std::string trace_path, dot_path, html_path;
  nlohmann::json trace;  // T parsed (null if it is not JSON)
};
const SeedViews& seed_views();

// One step as the trace file records it (states[n]["#meta"].action).
struct TraceStep {
  size_t n;             // 1-based
  std::string task;     // action.task
  std::string process;  // the task, or "ioend K" for a completion (action.ioend)
  std::string step, file;
};
std::vector<TraceStep> trace_steps(const nlohmann::json& trace);

// A trace state as "key" -> text, keyed like the report's changes:
// "i_size", "folio[1].dirty", "block[3].extent", "task[A].op", "ioend[0].blocks".
std::map<std::string, std::string> flatten_state(const nlohmann::json& state);

// The changes of step n (1-based) read off the trace file: every key whose
// text differs between states[n-1] and states[n], except each task's phase
// and the wait derived from it (reports leave them out: the step's name says
// where the task is), as key -> (before, after).
std::map<std::string, std::pair<std::string, std::string>> trace_changes(const nlohmann::json& trace, size_t n);

}  // namespace wbcheck::e2e
