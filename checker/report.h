// A finished run as plain data for printers: verdict, one entry per property
// with its statement and (when violated) its trace as named steps and state
// changes, and the statistics. make_report turns a Result<M> into one, asking
// the model to describe each step; printers never see the model.
#pragma once

#include <string>
#include <vector>

#include "checker/model.h"
#include "checker/result.h"

namespace wbcheck::checker {

struct ReportStep {
  StepInfo info;
  std::vector<Change> changes;
  // Filled in by whoever knows the model (cli/trace_annotate.h); printers
  // cope without them (no locks row, nothing folded).
  std::vector<std::string> holds;  // per lane of the property: the locks that task holds after the step
  bool relevant = true;            // false: nothing the violation depends on reads what it wrote (foldable)
};

// One field of a state and its value, e.g. "block[4].extent" = hole.
struct StateValue {
  std::string key;
  int64_t value;
  std::string text;  // readable value; empty: print the number
};

struct ReportProperty {
  std::string id;
  std::string statement;  // holds when ...
  std::string catches;    // what a violation means in the kernel
  Status status;
  uint64_t depth;
  std::vector<ReportStep> trace;  // non-empty only when violated
  // The swimlanes of the trace, one per task; empty: the tasks that take a
  // step, in order of their first step (checker/trace_swimlane.h).
  std::vector<std::string> lanes;
  std::vector<StateValue> violating_state;  // the fields the property reads, after the last step
};

// What a property looks like to a reader; given in invariant order.
struct PropertyText {
  std::string statement;
  std::string catches;
};

struct Report {
  std::string tool = "wbcheck";
  std::string version;
  std::string scenario;
  std::string policy;
  // A hash of the scenario file's JSON (cli fills it in for `check`; empty:
  // not known). A --baseline of another version of the scenario is refused.
  std::string scenario_fingerprint;
  Verdict verdict;
  std::vector<ReportProperty> properties;
  Stats stats;
};

template <Model M>
Report make_report(const M& model, const Result<M>& result, const std::vector<PropertyText>& text) {
  Report r;
  r.verdict = result.verdict;
  r.stats = result.stats;
  for (size_t i = 0; i < result.properties.size(); ++i) {
    const PropertyOutcome<M>& o = result.properties[i];
    ReportProperty p{o.id, text[i].statement, text[i].catches, o.status, o.depth, {}};
    if (o.trace) {
      for (const auto& step : o.trace->steps) {
        p.trace.push_back({model.describe(step.before, step.action), model.changes(step.before, step.after)});
      }
    }
    r.properties.push_back(std::move(p));
  }
  return r;
}

struct TextOptions {
  bool fold = true;  // fold runs of irrelevant steps (ReportStep::relevant) into one line
};

// SPIN-style text: verdict, one line per property, each violation's trace
// as a swimlane of numbered steps (checker/trace_swimlane.h), then the
// statistics.
std::string print_text(const Report& r, const TextOptions& options = {});
// The JSON object of the command-line contract (architecture.md), keys in a
// fixed order, with a trailing newline.
std::string print_json(const Report& r);

}  // namespace wbcheck::checker
