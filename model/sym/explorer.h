// Symbolic execution of the step functions by path enumeration.
//
// The steps (model/steps.h) are ordinary C++ written once over the state
// type. Instantiated with the symbolic state (model/sym/value.h), every field
// holds a Z3 bit-vector expression over the pre-state's variables; arithmetic
// builds expressions, and wherever the code needs a plain value -- an `if` on
// a condition, an array index, a `switch` on a phase -- the value asks the
// explorer, which picks one of the answers the path allows and records the
// choice. Running the step again and again, taking each recorded choice's
// next alternative (depth first), visits every feasible path once. A path is
// its condition (the conjunction of the choices taken, over the pre-state) and
// the post-state expressions it computed; the step's transition relation is
// the disjunction over its paths of "condition and post-state equals those
// expressions". That relation is exact: a choice's alternatives are all the
// values the path condition allows (asked of Z3 until it answers unsat), so
// nothing is lost, and every path is feasible.
//
// The explorer is single-threaded and works on one Z3 context; the values
// find it through a thread-local pointer set by ExplorerScope.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <z3++.h>

namespace wbcheck::model::sym {

// Thrown inside a path when its condition turned out infeasible (an assumption
// contradicted it); the explorer drops the path.
struct InfeasiblePath {};

// Thrown when Z3 answers unknown (a timeout included) while enumerating a
// step's paths: the relation would be incomplete, so the engine's answer is
// "unknown" -- never "holds" -- and says why.
struct SolverUnknown {
  std::string reason;
};

// Thrown by MODEL_CHECK inside a path: a broken internal belief of the model.
// The explorer hands the path's condition to its caller
// (properties/wb_symbolic.cc makes it a step into a state outside the
// checked domain, so BMC reports a reachable one as an internal error and
// k-induction cannot assume it away).
struct BrokenBelief {
  std::string where;
};

class PathExplorer {
 public:
  struct Stats {
    uint64_t paths = 0, broken = 0, infeasible = 0, solver_checks = 0, choices = 0, cache_hits = 0;
  };

  // More alternatives than this at one choice means the value has no small
  // domain under the path condition (a field without a domain constraint).
  static constexpr size_t kMaxAlternatives = 4096;

  // An explorer with a solver of its own.
  explicit PathExplorer(z3::context& z);
  // An explorer that asks `solver`, whose assertions then constrain every
  // path too (bounded model checking: the pre-state is reachable at its
  // depth). The solver is left as it was found.
  explicit PathExplorer(z3::solver& solver);
  // An explorer of the paths that continue the current path of `outer`:
  // every constraint of outer and its path so far holds throughout
  // (model/sym/merge.h).
  struct Nested {};
  PathExplorer(const PathExplorer& outer, Nested);
  z3::context& context() const { return z_; }

  // A constraint of every path from now on (the pre-state's domain).
  void assume_always(const z3::expr& e);

  // Runs `path` once per feasible path. `path` calls assume/decide/concretize
  // (through the values) and, when it returns normally, `done` is called with
  // the path's condition. Broken beliefs go to `broken`.
  void explore(const std::function<void()>& path, const std::function<void(const z3::expr& pc)>& done,
               const std::function<void(const z3::expr& pc, const std::string& where)>& broken);

  // Inside a path: the path continues only where e holds.
  void assume(const z3::expr& e);
  // Inside a path: the value of a Boolean condition on this path.
  bool decide(const z3::expr& cond);
  // Inside a path: the value of a bit-vector expression on this path.
  uint64_t concretize(const z3::expr& bv);
  // Inside a path: each of 0 .. n-1 in turn, a choice of the caller's that
  // constrains nothing (a fault outcome).
  int branch(int n);

  const Stats& stats() const { return stats_; }
  // Counts the solver work of a nested explorer as this one's.
  void absorb(const Stats& nested) {
    stats_.solver_checks += nested.solver_checks;
    stats_.choices += nested.choices;
  }

 private:
  struct Choice {
    std::vector<z3::expr> conds;  // condition of each alternative
    std::vector<uint64_t> values;
    size_t taken = 0;
  };
  // Feasible alternatives of a new choice: for each candidate condition in
  // turn, whether pc & it is satisfiable.
  bool feasible(const z3::expr& e);
  // A model found earlier satisfies the path and e: e is feasible without
  // asking the solver (models satisfy the solver's assertions, which do not
  // change during an exploration).
  const z3::model* cached_model(const z3::expr& e) const;
  void remember(const z3::model& m);
  z3::expr simplified(const z3::expr& e) const;
  uint64_t take(Choice&& fresh);
  z3::expr path_condition() const;

  z3::context& z_;
  std::unique_ptr<z3::solver> owned_;
  z3::solver* solver_;
  std::vector<z3::expr> always_;  // asserted in every check, with the path's condition
  std::vector<Choice> trail_;  // choices of the current path, in order
  size_t depth_ = 0;           // how many of them this run has replayed
  std::vector<z3::expr> pc_;   // conditions taken on this run
  z3::expr_vector known_src_, known_dst_;  // variables with a value fixed on this path
  std::vector<z3::expr> outer_src_, outer_dst_;  // ... fixed before a nested explorer began
  Stats stats_;
  std::vector<z3::model> models_;  // most recent first
  bool nested_ = false;            // a merge_paths exploration: no branch(), no assume()
};

// The explorer the symbolic values of this thread talk to.
PathExplorer& current_explorer();
bool explorer_active();

class ExplorerScope {
 public:
  explicit ExplorerScope(PathExplorer& e);
  ~ExplorerScope();
  ExplorerScope(const ExplorerScope&) = delete;
  ExplorerScope& operator=(const ExplorerScope&) = delete;

 private:
  PathExplorer* previous_;
};

}  // namespace wbcheck::model::sym
