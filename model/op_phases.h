// The phases a task can be in while it runs an op of each kind, and "the
// program counter is consistent": phase kDone exactly when the program is
// over, otherwise a phase of the running op's kind. Reachable states always
// satisfy it; symbolic execution assumes it of a pre-state (a step of a
// write never runs with a truncate's phase), and bounded model checking and
// k-induction prove it (properties/wb_symbolic.h). Written once over a value
// domain V, like model/enabled.h.
#pragma once

#include "model/fields.h"
#include "model/phase.h"
#include "model/scenario.h"

namespace wbcheck::model {

bool phase_possible(OpKind k, Phase p);

template <class V>
typename V::Bool phase_consistent(const V& v, int task) {
  const Context& c = v.context();
  auto op = v.get(Field::kTaskOp, task);
  auto phase = v.get(Field::kTaskPhase, task);
  const int n = c.program_length(task);
  auto ok = v.implies(op == v.lit(n), phase == v.lit(static_cast<int64_t>(Phase::kDone)));
  for (int i = 0; i < n; ++i) {
    auto any = v.lit_bool(false);
    for (int p = 0; p < kNumPhases; ++p) {
      if (phase_possible(c.op(task, i).kind, static_cast<Phase>(p))) any = any || phase == v.lit(p);
    }
    ok = ok && v.implies(op == v.lit(i), any);
  }
  return ok;
}

}  // namespace wbcheck::model
