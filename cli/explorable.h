// The writeback model seen through the checker's Model concept. The model
// knows nothing of search and the checker nothing of the kernel; this adapter
// is the only place that knows both.
#pragma once

#include <vector>

#include "checker/model.h"
#include "model/wb_model.h"

namespace wbcheck::cli {

class ExplorableModel {
 public:
  using State = model::State;
  using Action = model::Action;

  explicit ExplorableModel(const model::WbModel& m) : m_(m) {}

  void initial_states(std::vector<State>& out) const { out.push_back(m_.initial_state()); }
  void actions(const State& s, std::vector<Action>& out) const { m_.actions(s, out); }
  State apply(const State& s, const Action& a) const { return m_.apply(s, a); }
  checker::StepInfo describe(const State& s, const Action& a) const {
    model::StepDescription d = m_.describe(s, a);
    return {d.task, d.step, d.kernel, d.detail, d.hook};
  }
  // A task's phase changes at every step and its step name already says where
  // it is, so traces leave the phase out.
  std::vector<checker::Change> changes(const State& before, const State& after) const {
    std::vector<checker::Change> out;
    for (model::FieldChange& c : m_.changes(before, after)) {
      if (c.key.ends_with("].phase")) continue;
      out.push_back({std::move(c.key), c.before, c.after, std::move(c.before_text), std::move(c.after_text)});
    }
    return out;
  }

 private:
  const model::WbModel& m_;
};

static_assert(checker::Model<ExplorableModel>);

}  // namespace wbcheck::cli
