// Rebuilding traces from action indices.
//
// A trace is named by the index of its initial state in initial_states() and,
// for each step, the index of the action within actions() of the state before
// it. Because models list both in a fixed order, these indices reproduce the
// trace exactly. The BFS engine stores only these indices; the CLI's replay
// subcommand reads them back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "checker/model.h"
#include "checker/result.h"

namespace wbcheck::checker {

// Replays action_indices from initial_states()[initial_index]. Returns nullopt
// if initial_index or some action index is out of range (that step is not
// enabled in the state reached).
template <Model M>
std::optional<Trace<M>> replay(const M& model, size_t initial_index,
                               std::span<const uint32_t> action_indices) {
  std::vector<typename M::State> initial;
  model.initial_states(initial);
  if (initial_index >= initial.size()) return std::nullopt;
  Trace<M> trace{initial[initial_index], {}};
  trace.steps.reserve(action_indices.size());
  typename M::State state = trace.initial;
  std::vector<typename M::Action> actions;
  for (uint32_t index : action_indices) {
    actions.clear();
    model.actions(state, actions);
    if (index >= actions.size()) return std::nullopt;
    typename M::State next = model.apply(state, actions[index]);
    trace.steps.push_back({actions[index], state, next});
    state = next;
  }
  return trace;
}

// The inverse of replay for one step: the index within actions(step.before)
// of step.action. Actions are compared by bytes when Action has a unique
// object representation; otherwise the first action whose successor equals
// step.after is taken (which replays to the same states, but may name a
// different action with the same effect). nullopt if no action matches.
template <Model M>
std::optional<uint32_t> action_index_of(const M& model, const typename Trace<M>::Step& step) {
  using Action = typename M::Action;
  std::vector<Action> actions;
  model.actions(step.before, actions);
  for (size_t i = 0; i < actions.size(); ++i) {
    bool same;
    if constexpr (std::has_unique_object_representations_v<Action>) {
      same = std::memcmp(&actions[i], &step.action, sizeof(Action)) == 0;
    } else {
      typename M::State next = model.apply(step.before, actions[i]);
      same = std::memcmp(&next, &step.after, sizeof next) == 0;
    }
    if (same) return static_cast<uint32_t>(i);
  }
  return std::nullopt;
}

}  // namespace wbcheck::checker
