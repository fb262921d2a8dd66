// Every reachable state of a model, by breadth-first enumeration: a test's own
// search, independent of the checker's, for tests that must look at all of
// them.
#pragma once

#include <algorithm>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "model/policy.h"
#include "model/scenario.h"
#include "model/wb_model.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model::testing {

inline std::filesystem::path source_root() { return WBCHECK_SOURCE_DIR; }

inline Scenario example_scenario(const std::string& name) {
  std::filesystem::path file = source_root() / "examples/scenarios" / (name + ".json");
  if (!std::filesystem::exists(file)) file = source_root() / "examples/family" / (name + ".json");
  std::ifstream in(file);
  return parse_scenario(nlohmann::json::parse(in), name).value();
}

inline Policy example_policy(const std::string& name) {
  std::ifstream in(source_root() / "examples/policies" / (name + ".json"));
  return parse_policy(nlohmann::json::parse(in), name).value();
}

// Every shipped example scenario's name (examples/scenarios/*.json), sorted.
inline std::vector<std::string> example_scenario_names() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(source_root() / "examples/scenarios")) {
    if (e.path().extension() == ".json") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Calls visit(state, successors) once per reachable state, in BFS order.
template <class Visit>
void for_each_reachable(const WbModel& m, Visit&& visit) {
  std::unordered_set<std::string> seen;
  std::deque<State> todo{m.initial_state()};
  auto key = [](const State& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); };
  seen.insert(key(todo.front()));
  std::vector<Action> acts;
  std::vector<State> next;
  while (!todo.empty()) {
    const State s = todo.front();
    todo.pop_front();
    acts.clear();
    m.actions(s, acts);
    next.clear();
    for (const Action& a : acts) next.push_back(m.apply(s, a));
    visit(s, acts, next);
    for (const State& n : next) {
      if (seen.insert(key(n)).second) todo.push_back(n);
    }
  }
}

}  // namespace wbcheck::model::testing
