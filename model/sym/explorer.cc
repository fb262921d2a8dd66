#include "model/sym/explorer.h"

#include <stdexcept>

namespace wbcheck::model::sym {
namespace {

thread_local PathExplorer* g_current = nullptr;

bool is_variable(const z3::expr& e) { return e.is_const() && !e.is_numeral() && !e.is_bool(); }

// A solver scope that is popped however the block is left (the solver may be
// the caller's: an exception must not leave a path's assertions on it).
class Scope {
 public:
  explicit Scope(z3::solver& s) : s_(s) { s_.push(); }
  ~Scope() { s_.pop(); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  z3::solver& s_;
};

}  // namespace

PathExplorer& current_explorer() {
  if (g_current == nullptr) throw std::logic_error("a symbolic value was used outside an ExplorerScope");
  return *g_current;
}
bool explorer_active() { return g_current != nullptr; }

ExplorerScope::ExplorerScope(PathExplorer& e) : previous_(g_current) { g_current = &e; }
ExplorerScope::~ExplorerScope() { g_current = previous_; }

PathExplorer::PathExplorer(z3::context& z)
    : z_(z), owned_(std::make_unique<z3::solver>(z)), solver_(owned_.get()), known_src_(z), known_dst_(z) {}

PathExplorer::PathExplorer(z3::solver& solver)
    : z_(solver.ctx()), solver_(&solver), known_src_(z_), known_dst_(z_) {}

// A nested exploration runs inside one path of the outer one, which makes no
// solver call meanwhile: it can share the outer solver.
PathExplorer::PathExplorer(const PathExplorer& outer, Nested)
    : z_(outer.z_), solver_(outer.solver_), known_src_(outer.z_), known_dst_(outer.z_), nested_(true) {
  for (const z3::expr& e : outer.always_) assume_always(e);
  for (const z3::expr& e : outer.pc_) {
    if (!e.is_true()) assume_always(e);
  }
  for (unsigned i = 0; i < outer.known_src_.size(); ++i) {
    outer_src_.push_back(outer.known_src_[i]);
    outer_dst_.push_back(outer.known_dst_[i]);
  }
}

void PathExplorer::assume_always(const z3::expr& e) { always_.push_back(e); }

z3::expr PathExplorer::simplified(const z3::expr& e) const {
  if (known_src_.empty()) return e.simplify();
  z3::expr copy = e;
  return copy.substitute(known_src_, known_dst_).simplify();
}

z3::expr PathExplorer::path_condition() const {
  z3::expr_vector all(z_);
  for (const z3::expr& c : pc_) all.push_back(c);
  return z3::mk_and(all);
}

const z3::model* PathExplorer::cached_model(const z3::expr& e) const {
  for (const z3::model& m : models_) {
    auto holds = [&](const z3::expr& x) { return m.eval(x, true).is_true(); };
    bool ok = holds(e);
    for (size_t i = 0; ok && i < always_.size(); ++i) ok = holds(always_[i]);
    for (size_t i = 0; ok && i < pc_.size(); ++i) ok = holds(pc_[i]);
    if (ok) return &m;
  }
  return nullptr;
}

void PathExplorer::remember(const z3::model& m) {
  constexpr size_t kModels = 8;
  models_.insert(models_.begin(), m);
  if (models_.size() > kModels) models_.pop_back();
}

int PathExplorer::branch(int n) {
  // merge_paths relies on exclusive path conditions; a free choice has none.
  if (nested_) throw std::logic_error("branch() inside a merged exploration");
  if (depth_ < trail_.size()) {
    const Choice& ch = trail_[depth_++];
    pc_.push_back(ch.conds[ch.taken]);
    return static_cast<int>(ch.values[ch.taken]);
  }
  Choice ch;
  for (int i = 0; i < n; ++i) {
    ch.conds.push_back(z_.bool_val(true));
    ch.values.push_back(static_cast<uint64_t>(i));
  }
  if (ch.values.empty()) throw InfeasiblePath{};
  return static_cast<int>(take(std::move(ch)));
}

bool PathExplorer::feasible(const z3::expr& e) {
  if (cached_model(e) != nullptr) {
    ++stats_.cache_hits;
    return true;
  }
  ++stats_.solver_checks;
  z3::check_result r;
  {
    Scope scope(*solver_);
    for (const z3::expr& c : always_) solver_->add(c);
    for (const z3::expr& c : pc_) solver_->add(c);
    solver_->add(e);
    r = solver_->check();
    if (r == z3::sat) remember(solver_->get_model());
  }
  if (r == z3::unknown) throw SolverUnknown{solver_->reason_unknown()};
  return r == z3::sat;
}

uint64_t PathExplorer::take(Choice&& fresh) {
  ++stats_.choices;
  trail_.push_back(std::move(fresh));
  ++depth_;
  const Choice& ch = trail_.back();
  pc_.push_back(ch.conds[0]);
  return ch.values[0];
}

void PathExplorer::assume(const z3::expr& e) {
  // merge_paths relies on exhaustive path conditions; an assumption cuts them.
  if (nested_) throw std::logic_error("assume() inside a merged exploration");
  if (depth_ < trail_.size()) {
    const Choice& ch = trail_[depth_++];
    pc_.push_back(ch.conds[ch.taken]);
    return;
  }
  const z3::expr s = simplified(e);
  if (s.is_false() || (!s.is_true() && !feasible(e))) throw InfeasiblePath{};
  take(Choice{{s.is_true() ? z_.bool_val(true) : e}, {1}, 0});
}

bool PathExplorer::decide(const z3::expr& cond) {
  if (depth_ < trail_.size()) {
    const Choice& ch = trail_[depth_++];
    pc_.push_back(ch.conds[ch.taken]);
    return ch.values[ch.taken] != 0;
  }
  const z3::expr s = simplified(cond);
  // A condition the path already decides costs no solver call and adds
  // nothing to the path condition.
  if (s.is_true() || s.is_false()) return take(Choice{{z_.bool_val(true)}, {s.is_true() ? 1u : 0u}, 0}) != 0;
  Choice ch;
  for (const bool v : {true, false}) {
    const z3::expr c = v ? cond : !cond;
    if (feasible(c)) {
      ch.conds.push_back(c);
      ch.values.push_back(v ? 1 : 0);
    }
  }
  if (ch.values.empty()) throw InfeasiblePath{};
  if (ch.values.size() == 1) ch.conds[0] = z_.bool_val(true);  // implied by the path
  return take(std::move(ch)) != 0;
}

uint64_t PathExplorer::concretize(const z3::expr& bv) {
  if (depth_ < trail_.size()) {
    const Choice& ch = trail_[depth_++];
    pc_.push_back(ch.conds[ch.taken]);
    const uint64_t v = ch.values[ch.taken];
    if (is_variable(bv)) {
      known_src_.push_back(bv);
      known_dst_.push_back(z_.bv_val(v, bv.get_sort().bv_size()));
    }
    return v;
  }
  const z3::expr s = simplified(bv);
  Choice ch;
  if (s.is_numeral()) {
    ch = Choice{{z_.bool_val(true)}, {s.get_numeral_uint64()}, 0};
  } else {
    // Every value the path allows: those of the models at hand, then one
    // new model at a time.
    z3::expr others = z_.bool_val(true);
    for (;;) {
      const z3::model* m = cached_model(others);
      if (m == nullptr) break;
      ++stats_.cache_hits;
      const uint64_t v = m->eval(bv, true).get_numeral_uint64();
      const z3::expr is_v = bv == z_.bv_val(v, bv.get_sort().bv_size());
      ch.conds.push_back(is_v);
      ch.values.push_back(v);
      others = others && !is_v;
    }
    for (;;) {
      ++stats_.solver_checks;
      uint64_t v = 0;
      {
        Scope scope(*solver_);
        for (const z3::expr& c : always_) solver_->add(c);
        for (const z3::expr& c : pc_) solver_->add(c);
        solver_->add(others);
        const z3::check_result r = solver_->check();
        if (r == z3::unknown) throw SolverUnknown{solver_->reason_unknown()};
        if (r == z3::unsat) break;
        const z3::model model = solver_->get_model();
        remember(model);
        v = model.eval(bv, true).get_numeral_uint64();
      }
      const z3::expr is_v = bv == z_.bv_val(v, bv.get_sort().bv_size());
      ch.conds.push_back(is_v);
      ch.values.push_back(v);
      others = others && !is_v;
      if (ch.values.size() > kMaxAlternatives) {
        throw std::runtime_error("a value with no small domain was used as a plain integer: " + bv.to_string());
      }
    }
    if (ch.values.empty()) throw InfeasiblePath{};
    if (ch.values.size() == 1) ch.conds[0] = z_.bool_val(true);
  }
  const uint64_t v = take(std::move(ch));
  if (is_variable(bv)) {
    known_src_.push_back(bv);
    known_dst_.push_back(z_.bv_val(v, bv.get_sort().bv_size()));
  }
  return v;
}

void PathExplorer::explore(const std::function<void()>& path, const std::function<void(const z3::expr& pc)>& done,
                           const std::function<void(const z3::expr& pc, const std::string& where)>& broken) {
  ExplorerScope scope(*this);
  trail_.clear();
  for (;;) {
    depth_ = 0;
    pc_.clear();
    known_src_.resize(0);
    known_dst_.resize(0);
    for (size_t i = 0; i < outer_src_.size(); ++i) {
      known_src_.push_back(outer_src_[i]);
      known_dst_.push_back(outer_dst_[i]);
    }
    try {
      path();
      if (depth_ != trail_.size()) throw std::logic_error("a step took different choices on the same path");
      ++stats_.paths;
      done(path_condition());
    } catch (const InfeasiblePath&) {
      ++stats_.infeasible;
      trail_.resize(depth_);
    } catch (const BrokenBelief& b) {
      ++stats_.broken;
      trail_.resize(depth_);
      broken(path_condition(), b.where);
    }
    while (!trail_.empty() && trail_.back().taken + 1 >= trail_.back().values.size()) trail_.pop_back();
    if (trail_.empty()) return;
    ++trail_.back().taken;
  }
}

}  // namespace wbcheck::model::sym
