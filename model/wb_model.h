// The writeback model: a scenario and a policy turned into a transition
// system. Pure and deterministic: initial state, the enabled actions in a fixed
// order, and the successor of a state under an action. It knows nothing of
// search; cli/ adapts it to the checker's Model concept.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/action.h"
#include "model/context.h"
#include "model/state.h"

namespace wbcheck::model {

// Who runs a step and which kernel function it models.
struct StepDescription {
  std::string task;
  std::string step;
  std::string kernel;  // source file of that function
  std::string detail;  // what the step decides in this state, for a reader
  std::string hook;    // JSON path of the policy hook primitive(s) it runs; empty if none
};

struct FieldChange {
  std::string key;
  int64_t before, after;
  std::string before_text, after_text;
};

class WbModel {
 public:
  using State = model::State;
  using Action = model::Action;

  static absl::StatusOr<WbModel> create(Scenario scenario, Policy policy);

  const Context& context() const { return c_; }
  State initial_state() const;
  // Appends the enabled actions of s: program steps by task, then completions.
  void actions(const State& s, std::vector<Action>& out) const;
  State apply(const State& s, const Action& a) const;
  StepDescription describe(const State& s, const Action& a) const;
  // The named fields that differ, in field-table order.
  std::vector<FieldChange> changes(const State& before, const State& after) const;

 private:
  explicit WbModel(Context c) : c_(std::move(c)) {}
  std::string hook_path(const State& s, const TaskState& t) const;
  Context c_;
};

}  // namespace wbcheck::model
