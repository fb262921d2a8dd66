// Bounded model checking and k-induction over a symbolic transition system
// (issue 6): the engine behind `wbcheck bmc` and `wbcheck prove`, generic over
// what the system is, so that it is tested on toy systems whose answers are
// worked out by hand (tests/properties/induction_test.cc) before the
// writeback model's step templates are plugged in.
//
// A SymbolicSystem has a fixed list of bit-vector state variables and gives,
// as Z3 formulas over copies of them, the initial condition I(s), the
// transition relation T(s, s') (the disjunction, over the concrete action
// instances, of guard and update; it must hold for a stutter-free step only)
// and the property P(s) that must hold in every reachable state.
//
// BMC (Biere et al., "Symbolic model checking without BDDs", 1999): for
// k = 0, 1, ..., asks whether I(s0) & T(s0,s1) & ... & T(s(k-1),sk) & !P(sk)
// is satisfiable, with P(s0..s(k-1)) asserted once their depth was refuted,
// so the first satisfiable k is the length of a shortest counterexample.
//
// k-induction (Sheeran, Singh, Staalmarck, "Checking safety properties using
// induction and a SAT-solver", 2000): P holds in every reachable state when
// the base case (no counterexample of length <= k) holds and the step case
//   A(s0) & P(s0) & T(s0,s1) & ... & A(sk) & P(sk) & T(sk,s(k+1)) & !P(s(k+1))
// is unsatisfiable, A being the conjunction of the auxiliary invariants given
// (each must itself hold in every reachable state: they are proved alongside,
// as part of P). The states of the step case are pairwise distinct (the
// simple-path condition), which makes k-induction complete for finite systems
// once k reaches the longest simple path. A satisfiable step case gives a
// counterexample to induction: a path of states satisfying P that ends
// outside it; its first state may or may not be reachable (the caller asks
// the explicit engine), which tells a real bug from a too-weak invariant.
//
// Z3 `unknown` (a timeout included) never counts as unsatisfiable: the
// answer is then kUnknown, never "holds" or "proved". z3::exception is caught
// and returned as an error status.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <string>
#include <vector>

#include <z3++.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "model/sym/explorer.h"

namespace wbcheck::properties {

using SymbolicState = std::vector<z3::expr>;

// trans(z, a, b) is the relation on all states; a system may instead give
// trans(z, solver, a, b), the relation on the pre-states the solver's current
// assertions allow (it may ask the solver, and must leave it as it was): the
// engine asserts it only under those assertions, so that is all it needs.
template <class S>
concept SymbolicSystem = requires(const S& sys, z3::context& z, z3::solver& ctx, const SymbolicState& a,
                                  const SymbolicState& b) {
  // Bits of each state variable, in order.
  { sys.widths() } -> std::same_as<std::vector<unsigned>>;
  { sys.init(z, a) } -> std::same_as<z3::expr>;
  { sys.property(z, a) } -> std::same_as<z3::expr>;
} && (requires(const S& sys, z3::context& z, const SymbolicState& a, const SymbolicState& b) {
  { sys.trans(z, a, b) } -> std::same_as<z3::expr>;
} || requires(const S& sys, z3::context& z, z3::solver& ctx, const SymbolicState& a, const SymbolicState& b) {
  { sys.trans(z, ctx, a, b) } -> std::same_as<z3::expr>;
});

// A state's values, one per variable.
using StateValues = std::vector<uint64_t>;

enum class InductionVerdict { kHolds, kViolated, kUnknown };

struct BmcResult {
  InductionVerdict verdict = InductionVerdict::kUnknown;  // kHolds: no counterexample up to `depth`
  uint64_t depth = 0;               // violated: the counterexample's length; else the deepest bound refuted
  std::vector<StateValues> trace;   // violated: s0 .. s(depth)
  std::vector<double> seconds;      // per depth asked: the solver's time
  bool time_limit = false;          // kUnknown because the time limit ended the run
  // kHolds for every reachable state: no path is longer than `depth` (the
  // system terminates), so depth `depth` covered them all.
  bool complete = false;
  // bmc_frontier (properties/frontier_bmc.h): the number of states reachable
  // in exactly k steps, for each depth k computed.
  std::vector<uint64_t> frontier;
  // kUnknown because Z3 answered unknown (or timed out), and its reason.
  bool z3_unknown = false;
  std::string unknown_reason;
};

struct InductionResult {
  // kHolds: proved (base and step case at `k`); kViolated: the base case
  // found a counterexample (`trace`); kUnknown: no k up to the bound proved
  // it (`cti` is the last step case's counterexample) or Z3 answered unknown.
  InductionVerdict verdict = InductionVerdict::kUnknown;
  uint64_t k = 0;
  std::vector<StateValues> trace;  // violated: a shortest counterexample
  std::vector<StateValues> cti;    // unknown: s0 .. s(k+1) of the last step case, s(k+1) violating P
  bool z3_unknown = false;         // Z3 itself answered unknown (or timed out)
  // An auxiliary invariant fails in a reachable state (`trace` reaches it):
  // it is wrong, and nothing is proved with it (kUnknown).
  bool aux_refuted = false;
  std::string unknown_reason;  // z3_unknown: what Z3 said
};

namespace detail {

inline SymbolicState fresh_state(z3::context& z, const std::vector<unsigned>& widths, const std::string& prefix) {
  SymbolicState s;
  s.reserve(widths.size());
  for (size_t v = 0; v < widths.size(); ++v) s.push_back(z.bv_const(absl::StrCat(prefix, "_", v).c_str(), widths[v]));
  return s;
}

inline StateValues values_of(const z3::model& m, const SymbolicState& s) {
  StateValues out;
  out.reserve(s.size());
  for (const z3::expr& v : s) out.push_back(m.eval(v, true).get_numeral_uint64());
  return out;
}

inline z3::expr distinct_states(z3::context& z, const SymbolicState& a, const SymbolicState& b) {
  z3::expr differ = z.bool_val(false);
  for (size_t v = 0; v < a.size(); ++v) differ = differ || a[v] != b[v];
  return differ;
}

template <class S>
z3::expr trans_in(const S& sys, z3::context& z, z3::solver& ctx, const SymbolicState& a, const SymbolicState& b) {
  if constexpr (requires { sys.trans(z, ctx, a, b); }) {
    return sys.trans(z, ctx, a, b);
  } else {
    return sys.trans(z, a, b);
  }
}

// The state variables are bit-vectors: Z3's QF_BV solver is several times
// faster on these queries than the default one (measured on the seed
// scenario's BMC: 6.7 s against 45 s to depth 10).
inline z3::solver make_solver(z3::context& z) { return z3::solver(z, "QF_BV"); }

inline z3::params solver_params(z3::context& z, unsigned timeout_ms) {
  z3::params p(z);
  if (timeout_ms > 0) p.set("timeout", timeout_ms);
  return p;
}

// Z3 answered unknown: so is the run, whatever it had found so far.
inline void unknown(BmcResult& r, const std::string& reason) {
  r.verdict = InductionVerdict::kUnknown;
  r.z3_unknown = true;
  r.unknown_reason = reason;
}
inline void unknown(BmcResult& r, const z3::solver& s) { unknown(r, s.reason_unknown()); }

// Depth k refuted: recorded, and heard of; true when the time limit ends the
// run there (kUnknown).
template <class OnDepth>
bool depth_refuted(BmcResult& r, uint64_t k, uint64_t max_depth, std::chrono::steady_clock::time_point begin,
                   double time_limit_s, const OnDepth& on_depth) {
  r.depth = k;
  r.verdict = InductionVerdict::kHolds;
  on_depth(k, r.seconds.back());
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  if (time_limit_s > 0 && elapsed >= time_limit_s && k < max_depth) {
    r.verdict = InductionVerdict::kUnknown;
    r.time_limit = true;
    return true;
  }
  return false;
}

// A BMC engine's run, `body(r)`: Z3's unknown while a step's paths are
// enumerated is the run's unknown; a z3::exception or another error is an
// error status.
template <class Body>
absl::StatusOr<BmcResult> guarded(const Body& body) {
  BmcResult r;
  try {
    body(r);
    return r;
  } catch (const model::sym::SolverUnknown& u) {
    unknown(r, u.reason);
    return r;
  } catch (const z3::exception& e) {
    return absl::InternalError(absl::StrCat("z3: ", e.msg()));
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

}  // namespace detail

// BMC up to max_depth steps (0: the initial states only), in the context the
// system's formulas live in. `timeout_ms` bounds each solver call;
// `time_limit_s` (0: none) the whole run: past it no deeper bound is asked and
// the answer is kUnknown at the last depth refuted. `on_depth(k, seconds)`
// hears of every depth refuted.
template <SymbolicSystem S, class OnDepth>
absl::StatusOr<BmcResult> bmc(const S& sys, z3::context& z, uint64_t max_depth, unsigned timeout_ms,
                              double time_limit_s, const OnDepth& on_depth) {
  return detail::guarded([&](BmcResult& r) {
    const auto begin = std::chrono::steady_clock::now();
    z3::solver solver = detail::make_solver(z);
    solver.set(detail::solver_params(z, timeout_ms));
    const std::vector<unsigned> widths = sys.widths();
    std::vector<SymbolicState> path{detail::fresh_state(z, widths, "s0")};
    solver.add(sys.init(z, path[0]));
    for (uint64_t k = 0; k <= max_depth; ++k) {
      if (k > 0) {
        path.push_back(detail::fresh_state(z, widths, absl::StrCat("s", k)));
        solver.add(detail::trans_in(sys, z, solver, path[k - 1], path[k]));
        // No path of k steps at all (every earlier state satisfies P): every
        // reachable state is within k - 1 steps, and BMC is complete.
        const z3::check_result any = solver.check();
        if (any == z3::unsat) {
          r.complete = true;
          return;
        }
        if (any == z3::unknown) return detail::unknown(r, solver);
      }
      solver.push();
      solver.add(!sys.property(z, path[k]));
      const auto start = std::chrono::steady_clock::now();
      const z3::check_result answer = solver.check();
      r.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (answer == z3::sat) {
        const z3::model m = solver.get_model();
        for (const SymbolicState& s : path) r.trace.push_back(detail::values_of(m, s));
        r.verdict = InductionVerdict::kViolated;
        r.depth = k;
        return;
      }
      if (answer == z3::unknown) return detail::unknown(r, solver);
      solver.pop();
      solver.add(sys.property(z, path[k]));  // refuted at k: later depths may assume it
      if (detail::depth_refuted(r, k, max_depth, begin, time_limit_s, on_depth)) return;
    }
  });
}

template <SymbolicSystem S>
absl::StatusOr<BmcResult> bmc(const S& sys, z3::context& z, uint64_t max_depth, unsigned timeout_ms = 0) {
  return bmc(sys, z, max_depth, timeout_ms, 0, [](uint64_t, double) {});
}

// k-induction for k = 0 .. max_k, with auxiliary invariants `aux` (formulas
// over one state, given as a function of it) that are proved along with P.
template <SymbolicSystem S, class Aux>
absl::StatusOr<InductionResult> k_induction(const S& sys, z3::context& z, uint64_t max_k, const Aux& aux,
                                            unsigned timeout_ms = 0) {
  InductionResult r;
  try {
    const std::vector<unsigned> widths = sys.widths();
    auto goal = [&](const SymbolicState& s) { return sys.property(z, s) && aux(z, s); };
    // Base cases, incrementally: no state within k steps violates P or A.
    z3::solver base = detail::make_solver(z);
    base.set(detail::solver_params(z, timeout_ms));
    std::vector<SymbolicState> path{detail::fresh_state(z, widths, "b0")};
    base.add(sys.init(z, path[0]));
    // Step cases: a path of k + 1 distinct states satisfying P and A, then one violating.
    std::vector<SymbolicState> step{detail::fresh_state(z, widths, "i0")};
    for (uint64_t k = 0; k <= max_k; ++k) {
      if (k > 0) {
        path.push_back(detail::fresh_state(z, widths, absl::StrCat("b", k)));
        base.add(detail::trans_in(sys, z, base, path[k - 1], path[k]));
      }
      // The property first (a counterexample), then the auxiliary invariants
      // (a wrong one proves nothing).
      for (const bool property : {true, false}) {
        base.push();
        base.add(property ? !sys.property(z, path[k]) : !aux(z, path[k]));
        const z3::check_result b = base.check();
        if (b == z3::sat) {
          const z3::model m = base.get_model();
          for (const SymbolicState& s : path) r.trace.push_back(detail::values_of(m, s));
          r.verdict = property ? InductionVerdict::kViolated : InductionVerdict::kUnknown;
          r.aux_refuted = !property;
          r.k = k;
          return r;
        }
        if (b == z3::unknown) {
          r.z3_unknown = true;
          r.unknown_reason = base.reason_unknown();
          return r;
        }
        base.pop();
      }
      base.add(goal(path[k]));

      step.push_back(detail::fresh_state(z, widths, absl::StrCat("i", k + 1)));
      z3::solver ind = detail::make_solver(z);
      ind.set(detail::solver_params(z, timeout_ms));
      for (uint64_t i = 0; i <= k; ++i) {
        ind.add(goal(step[i]));
        ind.add(detail::trans_in(sys, z, ind, step[i], step[i + 1]));
        for (uint64_t j = 0; j < i; ++j) ind.add(detail::distinct_states(z, step[j], step[i]));
      }
      ind.add(!goal(step[k + 1]));
      const z3::check_result s = ind.check();
      r.k = k;
      if (s == z3::unsat) {
        r.verdict = InductionVerdict::kHolds;
        r.cti.clear();
        return r;
      }
      if (s == z3::unknown) {
        r.z3_unknown = true;
        r.unknown_reason = ind.reason_unknown();
        return r;
      }
      const z3::model m = ind.get_model();
      r.cti.clear();
      for (const SymbolicState& st : step) r.cti.push_back(detail::values_of(m, st));
    }
    return r;  // kUnknown: the last step case's counterexample is in r.cti
  } catch (const model::sym::SolverUnknown& u) {
    r.verdict = InductionVerdict::kUnknown;
    r.z3_unknown = true;
    r.unknown_reason = u.reason;
    r.cti.clear();
    return r;
  } catch (const z3::exception& e) {
    return absl::InternalError(absl::StrCat("z3: ", e.msg()));
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

}  // namespace wbcheck::properties
