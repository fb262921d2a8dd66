// Small models satisfying wbcheck::checker::Model, for the checker's tests.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker/model.h"

namespace wbcheck::checker::testing {

// One counter 0..n, one action (+1). n + 1 states, n transitions, depth n.
struct Counter {
  struct State {
    uint32_t v;
  };
  struct Action {
    uint32_t inc;
  };
  uint32_t n = 10;

  void initial_states(std::vector<State>& out) const { out.push_back({0}); }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.v < n) out.push_back({1});
  }
  State apply(const State& s, const Action& a) const { return {s.v + a.inc}; }
  StepInfo describe(const State&, const Action&) const { return {"A", "inc", "toy.c"}; }
  std::vector<Change> changes(const State& a, const State& b) const {
    if (a.v == b.v) return {};
    return {{"v", a.v, b.v}};
  }
};

// Two independent counters x in 0..a and y in 0..b; actions "x+1" (which = 0)
// then "y+1" (which = 1), each listed only while enabled.
struct Grid {
  struct State {
    uint32_t x;
    uint32_t y;
  };
  struct Action {
    uint32_t which;
  };
  uint32_t a = 3;
  uint32_t b = 4;

  void initial_states(std::vector<State>& out) const { out.push_back({0, 0}); }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.x < a) out.push_back({0});
    if (s.y < b) out.push_back({1});
  }
  State apply(const State& s, const Action& act) const {
    return act.which == 0 ? State{s.x + 1, s.y} : State{s.x, s.y + 1};
  }
  StepInfo describe(const State&, const Action& act) const {
    return {act.which == 0 ? "X" : "Y", "inc", "toy.c"};
  }
  std::vector<Change> changes(const State& s, const State& t) const {
    std::vector<Change> out;
    if (s.x != t.x) out.push_back({"x", s.x, t.x});
    if (s.y != t.y) out.push_back({"y", s.y, t.y});
    return out;
  }
};

// An explicit graph: nodes are states, edges[n] lists n's successors in order
// (the action is the target node). Nodes without edges are terminal.
struct Graph {
  struct State {
    uint32_t node;
  };
  struct Action {
    uint32_t to;
  };
  std::vector<uint32_t> initial;
  std::vector<std::vector<uint32_t>> edges;

  void initial_states(std::vector<State>& out) const {
    for (uint32_t n : initial) out.push_back({n});
  }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.node >= edges.size()) return;
    for (uint32_t to : edges[s.node]) out.push_back({to});
  }
  State apply(const State&, const Action& a) const { return {a.to}; }
  StepInfo describe(const State&, const Action&) const { return {"G", "edge", "toy.c"}; }
  std::vector<Change> changes(const State& a, const State& b) const {
    if (a.node == b.node) return {};
    return {{"node", a.node, b.node}};
  }
};

// Four byte counters that wrap around: 2^32 states, far too many to finish.
struct Huge {
  struct State {
    uint8_t c[4];
  };
  struct Action {
    uint8_t which;
  };

  void initial_states(std::vector<State>& out) const { out.push_back({{0, 0, 0, 0}}); }
  void actions(const State&, std::vector<Action>& out) const {
    for (uint8_t i = 0; i < 4; ++i) out.push_back({i});
  }
  State apply(const State& s, const Action& a) const {
    State t = s;
    t.c[a.which] = static_cast<uint8_t>(t.c[a.which] + 1);
    return t;
  }
  StepInfo describe(const State&, const Action&) const { return {"H", "inc", "toy.c"}; }
  std::vector<Change> changes(const State&, const State&) const { return {}; }
};

// Counter whose apply() throws when it would reach `throw_at`.
struct ThrowingCounter : Counter {
  uint32_t throw_at = 5;
  State apply(const State& s, const Action& a) const {
    if (s.v + a.inc == throw_at) throw std::runtime_error("apply failed");
    return Counter::apply(s, a);
  }
};

// A broken model: after `honest_applies` apply() calls it adds 2 instead of 1,
// so replaying a trace does not reproduce the states the search stored.
struct NondeterministicCounter : Counter {
  uint32_t honest_applies = 3;
  mutable uint32_t applies = 0;
  State apply(const State& s, const Action&) const {
    return {s.v + (applies++ < honest_applies ? 1u : 2u)};
  }
};

static_assert(Model<Counter>);
static_assert(Model<Grid>);
static_assert(Model<Graph>);
static_assert(Model<Huge>);
static_assert(Model<ThrowingCounter>);
static_assert(Model<NondeterministicCounter>);

}  // namespace wbcheck::checker::testing
