// The successor function of the model, written over the state type S (the
// concrete State, and the types of model/domains.h): the step table, the
// number of fault outcomes of a task's next step, and the application of an
// action. WbModel (model/wb_model.h) is its concrete face.
#pragma once

#include "model/action.h"
#include "model/context.h"
#include "model/phase.h"
#include "model/state.h"

namespace wbcheck::model {

// One row per phase: the step it runs, how many fault outcomes it has, and the
// kernel function and file it models (for traces).
template <class S>
struct StepRow {
  Phase phase;
  void (*run)(S&, const Context&, int, int);
  int (*outcomes)(const S&, const Context&, int);  // nullptr: exactly one
  const char* function;
  const char* file;
};

// The row of `phase`.
template <class S>
const StepRow<S>& step_row(int phase);

// How many fault outcomes `task`'s next step has (1 when it has no fault).
template <class S>
int step_outcomes(const S& s, const Context& c, int task);

// Runs action a on `next` in place: the task's step or the ioend completion,
// then the wait of the task's next step and the sticky observations.
template <class S>
void apply_action(S& next, const Context& c, const Action& a);

}  // namespace wbcheck::model
