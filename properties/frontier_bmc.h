// Bounded model checking by frontiers: BMC's question -- is a state that
// violates P reachable in exactly k steps, for k = 0, 1, ...? -- answered one
// step at a time instead of with one unrolled formula per depth.
//
// The unrolled formula I(s0) & T(s0,s1) & ... & T(s(k-1),sk) & !P(sk)
// (properties/induction.h, bmc()) grows with k, and Z3's time per depth grows
// with it: on the seed scenario about 2 s a depth past depth 15, while the
// scenarios of examples/ need up to 48 steps (the longest path, to know that
// nothing is left). Yet the set of states reachable in exactly k steps is
// small there (at most a few hundred). So this engine keeps that set, F(k),
// as a list of states, and asks Z3 only one-step questions over the same
// symbolic transition relation:
//   F(0)   = the models of I(s)
//   F(k+1) = the models s' of  s in F(k) & T(s, s')      (every one: all-SAT)
//   violated at k  iff  s in F(k) & !P(s)  is satisfiable
// F(k) is exactly the set of end states of k-step paths from I (each model
// is a successor of a state of F(k), and all-SAT stops only at unsat), so
// the first k whose question is satisfiable is the length of a shortest
// counterexample, as in the unrolled BMC, and an empty F(k) means no path has
// k steps: every reachable state was checked ("complete"). Each state keeps
// the F(k-1) state the model paired it with; following those gives the
// counterexample s0 .. sk, every pair a model of T.
//
// What it asks of the system is what bmc() asks: the relation may be built
// for the pre-states the solver's assertions allow (trans(z, solver, a, b)),
// here exactly F(k). It answers the same question as bmc() and is tested
// against it (tests/properties/frontier_bmc_test.cc, and `wbcheck bmc
// --unrolled` on the writeback model). It is efficient only while the
// frontiers are small; systems with large reachable sets want the unrolled
// formula.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

#include <z3++.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "properties/induction.h"

namespace wbcheck::properties {

namespace detail {

inline z3::expr equals(z3::context& z, const SymbolicState& s, const StateValues& v) {
  z3::expr_vector all(z);
  for (size_t i = 0; i < s.size(); ++i) all.push_back(s[i] == z.bv_val(v[i], s[i].get_sort().bv_size()));
  return z3::mk_and(all);
}

// s equals one of the states.
inline z3::expr in_set(z3::context& z, const SymbolicState& s, const std::vector<StateValues>& states) {
  z3::expr_vector any(z);
  for (const StateValues& v : states) any.push_back(equals(z, s, v));
  return z3::mk_or(any);
}

}  // namespace detail

// Same contract as bmc() (properties/induction.h); r.frontier[k] is |F(k)|
// for every depth whose frontier was computed.
template <SymbolicSystem S, class OnDepth>
absl::StatusOr<BmcResult> bmc_frontier(const S& sys, z3::context& z, uint64_t max_depth, unsigned timeout_ms,
                                       double time_limit_s, const OnDepth& on_depth) {
  return detail::guarded([&](BmcResult& r) {
    const auto begin = std::chrono::steady_clock::now();
    const std::vector<unsigned> widths = sys.widths();
    std::vector<std::vector<StateValues>> frontier;  // F(k)
    std::vector<std::vector<size_t>> parent;         // index in F(k-1) of each state's predecessor
    SymbolicState pre;
    for (uint64_t k = 0; k <= max_depth; ++k) {
      SymbolicState s = detail::fresh_state(z, widths, absl::StrCat("s", k));
      z3::solver solver = detail::make_solver(z);
      solver.set(detail::solver_params(z, timeout_ms));
      if (k == 0) {
        solver.add(sys.init(z, s));
      } else {
        solver.add(detail::in_set(z, pre, frontier.back()));
        solver.add(detail::trans_in(sys, z, solver, pre, s));
      }
      // The depth's queries (building T is the system's own time).
      const auto start = std::chrono::steady_clock::now();
      // Which state of F(k-1) a model's pre-state is.
      std::map<StateValues, size_t> index;
      if (k > 0) {
        for (size_t i = 0; i < frontier.back().size(); ++i) index.emplace(frontier.back()[i], i);
      }
      auto predecessor = [&](const z3::model& m) -> size_t {
        if (k == 0) return 0;
        auto it = index.find(detail::values_of(m, pre));
        if (it == index.end()) throw std::logic_error("bmc_frontier: a model's pre-state is not in the frontier");
        return it->second;
      };
      // A violation at depth k: the shortest counterexample.
      solver.push();
      solver.add(!sys.property(z, s));
      const z3::check_result bad = solver.check();
      if (bad == z3::sat) {
        const z3::model m = solver.get_model();
        std::vector<StateValues> back{detail::values_of(m, s)};
        size_t at = predecessor(m);
        for (uint64_t d = k; d-- > 0;) {
          back.push_back(frontier[d][at]);
          at = d > 0 ? parent[d][at] : 0;
        }
        r.trace.assign(back.rbegin(), back.rend());
        r.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        r.verdict = InductionVerdict::kViolated;
        r.depth = k;
        return;
      }
      if (bad == z3::unknown) return detail::unknown(r, solver);
      solver.pop();
      // F(k), every model of it; each state found is excluded from the next.
      // At the last depth asked only whether it is empty matters.
      std::vector<StateValues> next;
      std::vector<size_t> from;
      for (;;) {
        if (k == max_depth && !next.empty()) break;
        const z3::check_result more = solver.check();
        if (more == z3::unsat) break;
        if (more == z3::unknown) return detail::unknown(r, solver);
        const z3::model m = solver.get_model();
        next.push_back(detail::values_of(m, s));
        from.push_back(predecessor(m));
        solver.add(!detail::equals(z, s, next.back()));
      }
      r.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (next.empty()) {
        // No path has k steps: depth k - 1 was the last, and it was checked.
        r.complete = true;
        r.verdict = InductionVerdict::kHolds;
        r.seconds.pop_back();
        return;
      }
      if (k < max_depth) r.frontier.push_back(next.size());
      frontier.push_back(std::move(next));
      parent.push_back(std::move(from));
      pre = s;
      if (detail::depth_refuted(r, k, max_depth, begin, time_limit_s, on_depth)) return;
    }
  });
}

template <SymbolicSystem S>
absl::StatusOr<BmcResult> bmc_frontier(const S& sys, z3::context& z, uint64_t max_depth, unsigned timeout_ms = 0) {
  return bmc_frontier(sys, z, max_depth, timeout_ms, 0, [](uint64_t, double) {});
}

}  // namespace wbcheck::properties
