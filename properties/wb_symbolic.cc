#include "properties/wb_symbolic.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "model/apply.h"
#include "model/enabled.h"
#include "model/op_phases.h"
#include "model/steps.h"
#include "model/sym/explorer.h"
#include "model/sym/state.h"
#include "model/sym/view.h"

namespace wbcheck::properties {
namespace {

using model::Action;
using model::Context;
using model::SymState;
namespace sym = model::sym;

// Every fault has two outcomes at most (model/task_flow.h, fault_outcomes).
constexpr int kMaxOutcomes = 2;

z3::expr any_of(z3::context& z, const std::vector<z3::expr>& xs) {
  z3::expr_vector v(z);
  for (const z3::expr& x : xs) v.push_back(x);
  return z3::mk_or(v);
}

}  // namespace

absl::StatusOr<std::unique_ptr<WbSymbolic>> WbSymbolic::build(const model::WbModel& m, z3::context& z,
                                                             std::vector<const PropertyDef*> checked) {
  const Context& c = m.context();
  // A step may index one past the scenario's last block or folio; the arrays
  // of the state must have room for it.
  if (c.nblocks >= model::kMaxBlocks || c.nfolios >= model::kMaxFolios) {
    return absl::InvalidArgumentError(absl::StrCat("symbolic checking supports up to ", model::kMaxBlocks - 1,
                                                   " blocks and ", model::kMaxFolios - 1, " folios"));
  }
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<WbSymbolic> sys(new WbSymbolic(m, z));
  if (checked.empty()) {
    for (const PropertyDef& p : all_properties()) checked.push_back(&p);
  }
  sys->checked_ = checked;
  const sym::Layout layout = sym::layout_of(c);
  sys->keys_ = layout.keys;
  sys->widths_ = layout.widths;
  std::vector<z3::expr> pre;
  for (size_t i = 0; i < layout.keys.size(); ++i) {
    sys->pre_.push_back(z.bv_const(("pre|" + layout.keys[i]).c_str(), layout.widths[i]));
    sys->post_.push_back(z.bv_const(("post|" + layout.keys[i]).c_str(), layout.widths[i]));
    pre.push_back(sys->pre_.back());
  }
  sys->initial_ = sym::live_values(c, m.initial_state());

  try {
    sym::PathExplorer ex(z);
    std::vector<z3::expr> out_of_domain, inconsistent;
    for (size_t i = 0; i < pre.size(); ++i) {
      const z3::expr d = sym::in_domain(layout.domains[i], pre[i]);
      ex.assume_always(d);
      out_of_domain.push_back(!d);
    }
    sym::ExplorerScope scope(ex);
    const SymState s = sym::make_state(c, pre);
    const sym::SymView v(c, s, z);
    for (int t = 0; t < c.actors(); ++t) {
      const z3::expr ok = model::phase_consistent(v, t);
      ex.assume_always(ok);
      inconsistent.push_back(!ok);
    }
    for (const PropertyDef* p : checked) sys->property_formulas_.push_back(p->bitvector(v));

    std::vector<z3::expr> steps;
    std::vector<Named> broken, geometry;
    sym::FieldExprs post;
    auto explore = [&](const Action& a, const z3::expr& guard) {
      ++sys->stats_.action_instances;
      ex.explore(
          [&] {
            ex.assume(guard);
            const int n = a.io ? model::end_ioend_outcomes(s, c, a.task) : model::step_outcomes(s, c, a.task);
            if (a.choice >= n) throw sym::InfeasiblePath{};
            SymState next = s;
            model::apply_action(next, c, a);
            post = sym::field_exprs(c, next);
          },
          [&](const z3::expr& pc) {
            z3::expr_vector eq(z);
            for (size_t i = 0; i < post.live.size(); ++i) eq.push_back(sys->post_[i] == post.live[i]);
            steps.push_back(pc && z3::mk_and(eq));
            for (size_t j = 0; j < post.dead.size(); ++j) {
              const z3::expr e = post.dead[j].simplify();
              if (e.is_numeral() && e.get_numeral_uint64() == 0) continue;
              geometry.push_back({"geometry: " + post.dead_keys[j], pc && e != 0});
            }
          },
          [&](const z3::expr& pc, const std::string& where) { broken.push_back({"model-check: " + where, pc}); });
      if (getenv("WBCHECK_SYM_DEBUG")) fprintf(stderr, "action %d/%d/%d: paths %lu checks %lu choices %lu %.1fs\n", a.task, a.choice, a.io, ex.stats().paths, ex.stats().solver_checks, ex.stats().choices, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
    for (int t = 0; t < c.actors(); ++t) {
      for (int k = 0; k < kMaxOutcomes; ++k) {
        explore(Action{static_cast<uint8_t>(t), static_cast<uint8_t>(k), 0}, model::task_enabled(v, t));
      }
    }
    for (int slot = 0; slot < c.nfolios; ++slot) {
      for (int k = 0; k < kMaxOutcomes; ++k) {
        explore(Action{static_cast<uint8_t>(slot), static_cast<uint8_t>(k), 1}, model::io_pending(v, slot));
      }
    }
    sys->trans_ = any_of(z, steps);
    sys->sanity_parts_.push_back({"domain", any_of(z, out_of_domain)});
    sys->sanity_parts_.push_back({"program-counter", any_of(z, inconsistent)});
    for (Named& n : broken) sys->sanity_parts_.push_back(std::move(n));
    for (Named& n : geometry) sys->sanity_parts_.push_back(std::move(n));
    std::vector<z3::expr> bad;
    for (const Named& n : sys->sanity_parts_) bad.push_back(n.bad);
    sys->sanity_ = !any_of(z, bad);
    const sym::PathExplorer::Stats& st = ex.stats();
    sys->stats_.paths = st.paths;
    sys->stats_.broken_paths = st.broken;
    sys->stats_.solver_checks = st.solver_checks;
  } catch (const z3::exception& e) {
    return absl::InternalError(absl::StrCat("z3: ", e.msg()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("symbolic execution: ", e.what()));
  }
  sys->stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return sys;
}

z3::expr WbSymbolic::over(const z3::expr& f, const SymbolicState& s) const {
  z3::expr_vector to(z_);
  for (const z3::expr& x : s) to.push_back(x);
  z3::expr copy = f;
  return copy.substitute(pre_, to);
}

z3::expr WbSymbolic::init(z3::context& z, const SymbolicState& s) const {
  z3::expr_vector eq(z);
  for (size_t i = 0; i < s.size(); ++i) eq.push_back(s[i] == z.bv_val(initial_[i], widths_[i]));
  return z3::mk_and(eq);
}

z3::expr WbSymbolic::trans(z3::context& z, const SymbolicState& a, const SymbolicState& b) const {
  z3::expr_vector from(z), to(z);
  for (size_t i = 0; i < a.size(); ++i) {
    from.push_back(pre_[i]);
    to.push_back(a[i]);
    from.push_back(post_[i]);
    to.push_back(b[i]);
  }
  z3::expr copy = trans_;
  return copy.substitute(from, to);
}

z3::expr WbSymbolic::property(z3::context& z, const SymbolicState& s) const {
  z3::expr_vector all(z);
  for (const z3::expr& p : property_formulas_) all.push_back(p);
  all.push_back(sanity_);
  return over(z3::mk_and(all), s);
}

bool WbSymbolic::holds_on(const z3::expr& f, const StateValues& v) const {
  SymbolicState s;
  for (size_t i = 0; i < v.size(); ++i) s.push_back(z_.bv_val(v[i], widths_[i]));
  return over(f, s).simplify().is_true();
}

std::vector<std::string> WbSymbolic::violations(const StateValues& v) const {
  std::vector<std::string> out;
  for (size_t i = 0; i < checked_.size(); ++i) {
    if (!holds_on(property_formulas_[i], v)) out.push_back(checked_[i]->id);
  }
  for (const Named& n : sanity_parts_) {
    if (!holds_on(!n.bad, v)) out.push_back(n.what);
  }
  return out;
}

}  // namespace wbcheck::properties
