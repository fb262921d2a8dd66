// The writeback model as a symbolic transition system (properties/induction.h):
// the state variables are the live fields of model/sym/state.h, and the
// transition relation comes from running the model's own step functions
// (model/apply.h, the code the explicit search runs) on a symbolic pre-state,
// once per action instance -- task and fault outcome, or ioend slot and
// outcome -- with the path explorer (model/sym/explorer.h) visiting every
// feasible path of the step:
//     T(s, s') = OR over action instances a, paths p of a:
//                guard_a(s) & condition_p(s) & s' == post_p(s),
// the guard being model/enabled.h's definition. Nothing of a step is encoded
// by hand here.
//
// The relation is built for the pre-states the engine's solver allows at the
// point it is asked for (trans(z, solver, a, b)): in bounded model checking
// the states reachable at that depth, in the k-induction step case the states
// satisfying the property and auxiliary invariants. A path's feasibility is
// decided under those assertions, so a step forks only over the values a
// field can have there -- few in reachable states -- and the relation is
// exact on them, which is all the engine asserts it for.
//
// The property checked of every state is the chosen properties and the
// typed domain (model/state_fields.h, model/op_phases.h), so k-induction
// proves the domain its step case assumes. A path that breaks a MODEL_CHECK
// or writes past the scenario's geometry is a step into a state outside that
// domain: BMC, where pre-states are reachable, reports it as an internal
// error of the model, and k-induction cannot assume it away.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <z3++.h>

#include "absl/status/statusor.h"
#include "model/sym/state.h"
#include "model/wb_model.h"
#include "properties/induction.h"
#include "properties/registry.h"

namespace wbcheck::properties {

class WbSymbolic {
 public:
  struct Stats {
    uint64_t relations = 0, paths = 0, solver_checks = 0;
    double seconds = 0;  // enumerating paths
  };

  // For the properties `checked` (all when empty).
  WbSymbolic(const model::WbModel& m, z3::context& z, std::vector<const PropertyDef*> checked = {});

  // SymbolicSystem
  std::vector<unsigned> widths() const { return layout_.widths; }
  z3::expr init(z3::context& z, const SymbolicState& s) const;
  z3::expr trans(z3::context& z, z3::solver& context, const SymbolicState& a, const SymbolicState& b) const;
  z3::expr property(z3::context& z, const SymbolicState& s) const;

  // What a state (its live values) violates: property ids, then "domain" or
  // "program-counter". Empty when it satisfies property().
  std::vector<std::string> violations(const StateValues& v) const;
  model::State state_of(const StateValues& v) const;
  StateValues values_of(const model::State& s) const;

  const std::vector<const PropertyDef*>& checked() const { return checked_; }
  const Stats& stats() const { return stats_; }
  const model::WbModel& model() const { return m_; }

 private:
  SymbolicState constants(const StateValues& v) const;
  std::vector<z3::expr> property_parts(const SymbolicState& s) const;  // checked properties, domain, pc

  const model::WbModel& m_;
  z3::context& z_;
  model::sym::Layout layout_;
  std::vector<const PropertyDef*> checked_;
  StateValues initial_;
  size_t phase0_ = 0;  // task[0].phase in the layout: set out of its domain by a step out of the model
  mutable Stats stats_;
  // State variables whose value is the same on every path into them (a
  // field no reachable step at that depth changes, say): the next relation
  // reads them as constants, so its paths decide on them without the solver.
  // Keyed by AST id; the variable is kept, so its id is never recycled for
  // another expression while the entry lives.
  mutable std::unordered_map<unsigned, std::pair<z3::expr, uint64_t>> constant_;
};

}  // namespace wbcheck::properties
