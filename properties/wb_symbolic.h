// The writeback model as a symbolic transition system (properties/induction.h):
// the state variables are the live fields of model/sym/state.h, and the
// transition relation is built by running the model's own step functions
// (model/apply.h, the same code the explicit search runs) on a symbolic
// pre-state, once per action instance -- task and fault outcome, or ioend
// slot and outcome -- with the path explorer (model/sym/explorer.h) visiting
// every feasible path of the step. T(s, s') is the disjunction over action
// instances and their paths of
//     guard(s) & path condition(s) & s' == post-state expressions(s),
// the guard being model/enabled.h's definition. Nothing of a step is encoded
// by hand here.
//
// The enumeration assumes the pre-state lies in the typed domain
// (model/state_fields.h, model/op_phases.h). So that this assumption is
// proved rather than trusted, the checked formula of every state is
//     properties(s) & sanity(s),
// sanity being: every field in its domain, the program counters consistent,
// no MODEL_CHECK of the model broken by a step from s, and no step from s
// writing a field past the scenario's geometry. BMC thus checks sanity in
// every state it reaches (a failure is an internal error, never a verdict),
// and k-induction proves it along with the properties.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <z3++.h>

#include "absl/status/statusor.h"
#include "model/wb_model.h"
#include "properties/induction.h"
#include "properties/registry.h"

namespace wbcheck::properties {

class WbSymbolic {
 public:
  struct Stats {
    uint64_t action_instances = 0, paths = 0, broken_paths = 0, solver_checks = 0;
    double seconds = 0;  // building the relation
  };

  // Builds the relation in context z for the properties `checked` (all when empty).
  static absl::StatusOr<std::unique_ptr<WbSymbolic>> build(const model::WbModel& m, z3::context& z,
                                                          std::vector<const PropertyDef*> checked = {});

  // SymbolicSystem
  std::vector<unsigned> widths() const { return widths_; }
  z3::expr init(z3::context& z, const SymbolicState& s) const;
  z3::expr trans(z3::context& z, const SymbolicState& a, const SymbolicState& b) const;
  z3::expr property(z3::context& z, const SymbolicState& s) const;

  // What a state (its live values) violates: property ids, then "domain",
  // "program-counter", "model-check: <where>", "geometry: <field>". Empty
  // when it satisfies property().
  std::vector<std::string> violations(const StateValues& v) const;

  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<const PropertyDef*>& checked() const { return checked_; }
  const Stats& stats() const { return stats_; }
  const model::WbModel& model() const { return m_; }

 private:
  WbSymbolic(const model::WbModel& m, z3::context& z) : m_(m), z_(z), pre_(z), post_(z), trans_(z), sanity_(z) {}
  z3::expr over(const z3::expr& f, const SymbolicState& s) const;  // f with pre_ := s
  bool holds_on(const z3::expr& f, const StateValues& v) const;

  const model::WbModel& m_;
  z3::context& z_;
  std::vector<std::string> keys_;
  std::vector<unsigned> widths_;
  z3::expr_vector pre_, post_;
  z3::expr trans_;   // over pre_, post_
  z3::expr sanity_;  // over pre_
  std::vector<const PropertyDef*> checked_;
  std::vector<z3::expr> property_formulas_;  // over pre_, one per checked property
  struct Named {
    std::string what;
    z3::expr bad;  // over pre_
  };
  std::vector<Named> sanity_parts_;
  StateValues initial_;
  Stats stats_;
};

}  // namespace wbcheck::properties
