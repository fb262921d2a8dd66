#include "properties/wb_symbolic.h"

#include <chrono>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "model/apply.h"
#include "model/check.h"
#include "model/enabled.h"
#include "model/op_phases.h"
#include "model/steps.h"
#include "model/sym/explorer.h"
#include "model/sym/view.h"

namespace wbcheck::properties {
namespace {

using model::Action;
using model::Context;
using model::SymState;
namespace sym = model::sym;

z3::expr any_of(z3::context& z, const std::vector<z3::expr>& xs) {
  z3::expr_vector v(z);
  for (const z3::expr& x : xs) v.push_back(x);
  return z3::mk_or(v);
}

z3::expr all_of(z3::context& z, const std::vector<z3::expr>& xs) {
  z3::expr_vector v(z);
  for (const z3::expr& x : xs) v.push_back(x);
  return z3::mk_and(v);
}

}  // namespace

WbSymbolic::WbSymbolic(const model::WbModel& m, z3::context& z, std::vector<const PropertyDef*> checked)
    : m_(m), z_(z), layout_(sym::layout_of(m.context())), checked_(std::move(checked)) {
  if (checked_.empty()) {
    for (const PropertyDef& p : all_properties()) checked_.push_back(&p);
  }
  initial_ = sym::live_values(m.context(), m.initial_state());
  while (layout_.keys[phase0_] != "task[0].phase") ++phase0_;
  // Only live fields are variables: the others must start (and stay) 0.
  const model::State initial = m.initial_state(), rebuilt = sym::state_of(m.context(), initial_);
  MODEL_CHECK(std::memcmp(&initial, &rebuilt, sizeof initial) == 0, "initial state has a field outside its domain");
}

z3::expr WbSymbolic::init(z3::context& z, const SymbolicState& s) const {
  std::vector<z3::expr> eq;
  for (size_t i = 0; i < s.size(); ++i) eq.push_back(s[i] == z.bv_val(initial_[i], layout_.widths[i]));
  return all_of(z, eq);
}

std::vector<z3::expr> WbSymbolic::property_parts(const SymbolicState& s) const {
  const Context& c = m_.context();
  sym::PathExplorer ex(z_);  // the values need a context; nothing is explored
  sym::ExplorerScope scope(ex);
  const SymState st = sym::make_state(c, std::vector<z3::expr>(s.begin(), s.end()));
  const sym::SymView v(c, st, z_);
  std::vector<z3::expr> parts;
  for (const PropertyDef* p : checked_) parts.push_back(p->bitvector(v));
  std::vector<z3::expr> domain, pc;
  for (size_t i = 0; i < s.size(); ++i) domain.push_back(sym::in_domain(layout_.domains[i], s[i]));
  for (int t = 0; t < c.actors(); ++t) pc.push_back(model::phase_consistent(v, t));
  parts.push_back(all_of(z_, domain));
  parts.push_back(all_of(z_, pc));
  return parts;
}

z3::expr WbSymbolic::property(z3::context& z, const SymbolicState& s) const { return all_of(z, property_parts(s)); }

z3::expr WbSymbolic::trans(z3::context& z, z3::solver& context, const SymbolicState& a,
                           const SymbolicState& b) const {
  const auto start = std::chrono::steady_clock::now();
  const Context& c = m_.context();
  sym::PathExplorer ex(context);
  sym::ExplorerScope scope(ex);
  std::vector<z3::expr> pre;
  for (size_t i = 0; i < a.size(); ++i) {
    auto known = constant_.find(a[i].id());
    const bool constant = known != constant_.end() && z3::eq(known->second.first, a[i]);
    pre.push_back(constant ? z.bv_val(known->second.second, layout_.widths[i]) : a[i]);
  }
  const SymState s = sym::make_state(c, pre);
  const sym::SymView v(c, s, z);
  std::vector<z3::expr> steps;
  // Per field of b: the one value every path gives it so far (-1: not one).
  std::vector<int64_t> same(b.size(), -2);
  // A broken belief or a write past the geometry: a step to a state outside
  // the domain (task 0's phase past the last phase), which every checked
  // property rejects. Its other fields are free, so no field of b is then
  // known to be constant.
  bool sink = false;
  auto out_of_domain = [&](const z3::expr& pc) {
    steps.push_back(pc && b[phase0_] == z.bv_val(0xff, layout_.widths[phase0_]));
    sink = true;
  };
  sym::FieldExprs post;
  auto explore = [&](const Action& act, const z3::expr& guard) {
    ex.explore(
        [&] {
          ex.assume(guard);
          const int n = act.io ? model::end_ioend_outcomes(s, c, act.task) : model::step_outcomes(s, c, act.task);
          Action chosen = act;
          chosen.choice = static_cast<uint8_t>(ex.branch(n));  // each fault outcome
          SymState next = s;
          model::apply_action(next, c, chosen);
          post = sym::field_exprs(c, next);
        },
        [&](const z3::expr& pc) {
          std::vector<z3::expr> eq;
          for (size_t i = 0; i < post.live.size(); ++i) {
            const z3::expr e = post.live[i].simplify();
            eq.push_back(b[i] == e);
            const int64_t value = e.is_numeral() ? static_cast<int64_t>(e.get_numeral_uint64()) : -1;
            same[i] = same[i] == -2 || same[i] == value ? value : -1;
          }
          steps.push_back(pc && all_of(z, eq));
          for (size_t j = 0; j < post.dead.size(); ++j) {
            const z3::expr e = post.dead[j].simplify();
            if (!(e.is_numeral() && e.get_numeral_uint64() == 0)) out_of_domain(pc && e != 0);
          }
        },
        [&](const z3::expr& pc, const std::string&) { out_of_domain(pc); });
  };
  for (int t = 0; t < c.actors(); ++t) explore(Action{static_cast<uint8_t>(t), 0, 0}, model::task_enabled(v, t));
  for (int slot = 0; slot < c.nfolios; ++slot) {
    explore(Action{static_cast<uint8_t>(slot), 0, 1}, model::io_pending(v, slot));
  }
  ++stats_.relations;
  stats_.paths += ex.stats().paths;
  stats_.solver_checks += ex.stats().solver_checks;
  stats_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (size_t i = 0; i < b.size() && !sink; ++i) {
    if (same[i] >= 0) constant_.insert_or_assign(b[i].id(), std::make_pair(b[i], static_cast<uint64_t>(same[i])));
  }
  return any_of(z, steps);
}

SymbolicState WbSymbolic::constants(const StateValues& v) const {
  SymbolicState s;
  for (size_t i = 0; i < v.size(); ++i) s.push_back(z_.bv_val(v[i], layout_.widths[i]));
  return s;
}

std::vector<std::string> WbSymbolic::violations(const StateValues& v) const {
  const std::vector<z3::expr> parts = property_parts(constants(v));
  std::vector<std::string> out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].simplify().is_true()) continue;
    if (i < checked_.size()) out.push_back(checked_[i]->id);
    else out.push_back(i == checked_.size() ? "domain" : "program-counter");
  }
  return out;
}

model::State WbSymbolic::state_of(const StateValues& v) const { return sym::state_of(m_.context(), v); }
StateValues WbSymbolic::values_of(const model::State& s) const { return sym::live_values(m_.context(), s); }

}  // namespace wbcheck::properties
