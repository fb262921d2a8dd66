// Every reachable state of the explicit model, breadth first, without any
// reduction: what `prove` asks of the explicit engine (is a counterexample to
// induction's first state reachable, and by which path; candidate invariants
// from the reachable states). The parent of each state is kept, so a path
// to any of them can be rebuilt.
#pragma once

#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/wb_model.h"

namespace wbcheck::cli {

class ReachableStates {
 public:
  // Explores until visit(state) returns false, or every state was visited.
  template <class Visit>
  ReachableStates(const model::WbModel& m, Visit&& visit) {
    std::deque<model::State> todo{m.initial_state()};
    parent_.emplace(key(todo.front()), "");
    std::vector<model::Action> acts;
    while (!todo.empty()) {
      const model::State s = todo.front();
      todo.pop_front();
      if (!visit(s)) return;
      acts.clear();
      m.actions(s, acts);
      for (const model::Action& a : acts) {
        const model::State n = m.apply(s, a);
        if (parent_.emplace(key(n), key(s)).second) todo.push_back(n);
      }
    }
  }

  size_t seen() const { return parent_.size(); }

  // The states from the initial one to s, which must have been reached.
  std::vector<model::State> path_to(const model::State& s) const {
    std::vector<model::State> path;
    for (std::string k = key(s); !k.empty(); k = parent_.at(k)) {
      model::State st;
      std::memcpy(&st, k.data(), sizeof st);
      path.insert(path.begin(), st);
    }
    return path;
  }

  static std::string key(const model::State& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }

 private:
  std::unordered_map<std::string, std::string> parent_;  // state -> the state it was first reached from
};

}  // namespace wbcheck::cli
