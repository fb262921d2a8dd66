// The writeback model seen through the checker's Model concept. The model
// knows nothing of search and the checker nothing of the kernel; this adapter
// is the only place that knows both.
#pragma once

#include <cstring>
#include <vector>

#include "checker/model.h"
#include "checker/por.h"
#include "checker/sleep_sets.h"
#include "checker/result.h"
#include "model/footprint.h"
#include "model/symmetry.h"
#include "model/wb_model.h"

namespace wbcheck::cli {

class ExplorableModel {
 public:
  using State = model::State;
  using Action = model::Action;

  // symmetry: the quotient by interchangeable tasks (model/symmetry.h):
  // every state is the representative of its orbit, so the checker stores
  // one state per orbit. Its traces jump between orbit members;
  // concrete_trace() turns them into traces of the model itself.
  explicit ExplorableModel(const model::WbModel& m, bool symmetry = false)
      : m_(m), sym_(m.context()), symmetry_(symmetry && sym_.nontrivial()) {}

  bool symmetry() const { return symmetry_; }
  const model::WbModel& wb() const { return m_; }
  State canonical(const State& s) const { return symmetry_ ? sym_.canonical(s) : s; }

  void initial_states(std::vector<State>& out) const { out.push_back(canonical(m_.initial_state())); }
  void actions(const State& s, std::vector<Action>& out) const { m_.actions(s, out); }
  State apply(const State& s, const Action& a) const { return canonical(m_.apply(s, a)); }
  // Sleep sets (checker/sleep_sets.h) name tasks by index; the quotient
  // renames tasks, so the set is renamed with the state.
  State apply(const State& s, const Action& a, uint8_t& sleep) const {
    if (!symmetry_) return m_.apply(s, a);
    thread_local std::vector<int> perm;
    State next = sym_.canonical(m_.apply(s, a), &perm);
    uint8_t renamed = 0;
    for (int t = 0; t < 8; ++t) {
      if (!(sleep >> t & 1)) continue;
      renamed |= uint8_t(1u << (t < static_cast<int>(perm.size()) ? perm[t] : t));
    }
    sleep = renamed;
    return next;
  }
  checker::StepInfo describe(const State& s, const Action& a) const {
    model::StepDescription d = m_.describe(s, a);
    return {d.task, d.step, d.kernel, d.detail, d.hook};
  }
  // Partial-order reduction (checker/por.h): tasks are processes 0..actors-1,
  // the completion of the ioend in slot i is process actors + i.
  void processes(const State& s, std::vector<checker::ProcessInfo>& out) const {
    // Scratch per thread: the parallel search (--threads) calls this from
    // several threads at once.
    thread_local std::vector<model::ProcessInfo> infos;
    model::process_infos(s, m_.context(), infos);
    out.resize(infos.size());
    for (size_t i = 0; i < infos.size(); ++i) {
      const model::ProcessInfo& p = infos[i];
      checker::ProcessInfo& q = out[i];
      q = {p.next.reads | p.next.writes, p.next.writes, p.next.resets,
           p.all.reads | p.all.writes,   p.all.writes,  p.all.resets,
           p.enabled,                    p.done,        p.enablers,
           p.enablers_any_one,           p.holds};
      // Tasks keep their index (the quotient's renaming aside), ioends'
      // completions their slot only until the ioends are sorted again.
      q.stable = i < static_cast<size_t>(m_.context().actors()) && i < 8 ? static_cast<int>(i) : -1;
      for (int k = 0; k < model::kNumHolds; ++k) {
        q.until_reads[k] = p.until[k].reads | p.until[k].writes;
        q.until_writes[k] = p.until[k].writes;
        q.until_resets[k] = p.until[k].resets;
      }
    }
  }
  int process_of(const Action& a) const { return a.io ? m_.context().actors() + a.task : a.task; }

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
  model::TaskSymmetry sym_;
  bool symmetry_ = false;
};

static_assert(checker::ReducibleModel<ExplorableModel>);
static_assert(checker::SleepModel<ExplorableModel>);

// A trace of the quotient (ExplorableModel with symmetry) as a path of the
// model itself, from its initial state: at each step the first action whose
// successor lies in the orbit the quotient step reached. One exists because
// renaming tasks maps transitions to transitions; each is applied by the
// model, so the trace replays under the full semantics.
inline checker::Trace<ExplorableModel> concrete_trace(const ExplorableModel& quotient,
                                                      const checker::Trace<ExplorableModel>& t) {
  const ExplorableModel plain(quotient.wb());
  std::vector<model::State> initial;
  plain.initial_states(initial);
  checker::Trace<ExplorableModel> out{initial.front(), {}};
  model::State x = out.initial;
  std::vector<model::Action> actions;
  for (const auto& step : t.steps) {
    actions.clear();
    plain.actions(x, actions);
    bool found = false;
    for (const model::Action& a : actions) {
      model::State y = plain.apply(x, a);
      const model::State cy = quotient.canonical(y);
      if (std::memcmp(&cy, &step.after, sizeof cy) != 0) continue;
      out.steps.push_back({a, x, y});
      x = y;
      found = true;
      break;
    }
    WBCHECK_CHECK(found, "no step of the model reaches the orbit of a symmetry-reduced trace step");
  }
  return out;
}
static_assert(model::kNumHolds <= checker::ProcessInfo::kMaxHolds);

}  // namespace wbcheck::cli
