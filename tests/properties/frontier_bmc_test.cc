// BMC by frontiers (properties/frontier_bmc.h) on toy systems whose frontiers
// are worked out by hand below, and against the unrolled BMC
// (properties/induction.h) on the same systems.
#include "properties/frontier_bmc.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace wbcheck::properties {
namespace {

// x: 4 bits, starts at 0; while x < 6, x' = x + 1 or x' = x + 2; from 6 on
// there is no step. P: x != bad.
//   F(0) = {0}, F(1) = {1 2}, F(2) = {2 3 4}, F(3) = {3 4 5 6},
//   F(4) = {4 5 6 7}, F(5) = {5 6 7}, F(6) = {6 7}, F(7) = {}.
// 7 is odd and a step adds at most 2: four steps at least (0 1 3 5 7).
// The longest path is 0 1 2 3 4 5 6: six steps.
struct Hops {
  uint64_t bad;
  std::vector<unsigned> widths() const { return {4}; }
  z3::expr init(z3::context& z, const SymbolicState& s) const { return s[0] == z.bv_val(0, 4); }
  z3::expr trans(z3::context& z, const SymbolicState& s, const SymbolicState& t) const {
    return z3::ult(s[0], z.bv_val(6, 4)) && (t[0] == s[0] + z.bv_val(1, 4) || t[0] == s[0] + z.bv_val(2, 4));
  }
  z3::expr property(z3::context& z, const SymbolicState& s) const { return s[0] != z.bv_val(bad, 4); }
};

// Two initial states, 8 and 9, each stepping to x + 4 (wrapping); P: x != 1.
// 9 -> 13 -> 1: violated at 2, from the second initial state.
struct TwoStarts {
  std::vector<unsigned> widths() const { return {4}; }
  z3::expr init(z3::context& z, const SymbolicState& s) const {
    return s[0] == z.bv_val(8, 4) || s[0] == z.bv_val(9, 4);
  }
  z3::expr trans(z3::context& z, const SymbolicState& s, const SymbolicState& t) const {
    return t[0] == s[0] + z.bv_val(4, 4);
  }
  z3::expr property(z3::context& z, const SymbolicState& s) const { return s[0] != z.bv_val(1, 4); }
};

// Hops whose relation cannot be built past the second step: the path
// explorer's Z3 answered unknown (model/sym/explorer.h throws SolverUnknown).
struct GivesUp : Hops {
  mutable int built = 0;
  z3::expr trans(z3::context& z, z3::solver&, const SymbolicState& s, const SymbolicState& t) const {
    if (++built > 2) throw model::sym::SolverUnknown{"timeout"};
    return Hops::trans(z, s, t);
  }
};

static_assert(SymbolicSystem<Hops>);
static_assert(SymbolicSystem<GivesUp>);
static_assert(SymbolicSystem<TwoStarts>);

std::vector<StateValues> states(std::initializer_list<uint64_t> xs) {
  std::vector<StateValues> out;
  for (uint64_t x : xs) out.push_back({x});
  return out;
}

// A path of the toy: each state one or two more than the one before.
bool is_hops_path(const std::vector<StateValues>& t) {
  if (t.empty() || t[0][0] != 0) return false;
  for (size_t i = 1; i < t.size(); ++i) {
    const uint64_t d = t[i][0] - t[i - 1][0];
    if (t[i - 1][0] >= 6 || (d != 1 && d != 2)) return false;
  }
  return true;
}

TEST(BmcFrontier, ShortestCounterexampleAndFrontiers) {
  z3::context z;
  absl::StatusOr<BmcResult> r = bmc_frontier(Hops{7}, z, 20);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kViolated);
  EXPECT_EQ(r->depth, 4u);
  ASSERT_EQ(r->trace.size(), 5u);
  EXPECT_TRUE(is_hops_path(r->trace));
  EXPECT_EQ(r->trace.back(), StateValues{7});
  EXPECT_EQ(r->frontier, (std::vector<uint64_t>{1, 2, 3, 4}));  // F(4) has the violation: not enumerated
}

TEST(BmcFrontier, CompleteWhenNoPathIsLonger) {
  z3::context z;
  absl::StatusOr<BmcResult> r = bmc_frontier(Hops{9}, z, 20);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kHolds);
  EXPECT_TRUE(r->complete);
  EXPECT_EQ(r->depth, 6u);
  EXPECT_EQ(r->frontier, (std::vector<uint64_t>{1, 2, 3, 4, 4, 3, 2}));
  EXPECT_EQ(r->seconds.size(), 7u);  // depths 0..6
}

TEST(BmcFrontier, DepthBoundIsNotComplete) {
  z3::context z;
  absl::StatusOr<BmcResult> r = bmc_frontier(Hops{9}, z, 3);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kHolds);
  EXPECT_FALSE(r->complete);
  EXPECT_EQ(r->depth, 3u);
  EXPECT_EQ(r->frontier, (std::vector<uint64_t>{1, 2, 3}));
}

TEST(BmcFrontier, EveryInitialState) {
  z3::context z;
  absl::StatusOr<BmcResult> r = bmc_frontier(TwoStarts{}, z, 10);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kViolated);
  EXPECT_EQ(r->trace, states({9, 13, 1}));
  EXPECT_EQ(r->frontier, (std::vector<uint64_t>{2, 2}));
}

// The unrolled BMC answers the same on every bound of every toy.
TEST(BmcFrontier, AgreesWithTheUnrolledFormula) {
  for (uint64_t bad = 0; bad < 16; ++bad) {
    for (uint64_t depth : {0u, 2u, 5u, 6u, 7u, 12u}) {
      SCOPED_TRACE(testing::Message() << "bad " << bad << " depth " << depth);
      z3::context z;
      absl::StatusOr<BmcResult> f = bmc_frontier(Hops{bad}, z, depth), u = bmc(Hops{bad}, z, depth);
      ASSERT_TRUE(f.ok() && u.ok());
      EXPECT_EQ(f->verdict, u->verdict);
      EXPECT_EQ(f->depth, u->depth);
      EXPECT_EQ(f->complete, u->complete);
      EXPECT_EQ(f->trace.size(), u->trace.size());
      if (f->verdict == InductionVerdict::kViolated) {
        EXPECT_TRUE(is_hops_path(f->trace));
        EXPECT_EQ(f->trace.back(), StateValues{bad});
      }
    }
  }
}

// Z3's unknown while building the relation is the run's unknown, never
// "holds" (the bug needs four steps; the relation gives up at the third).
TEST(BmcFrontier, SolverUnknownIsUnknown) {
  for (const bool unrolled : {false, true}) {
    SCOPED_TRACE(unrolled ? "unrolled" : "frontier");
    z3::context z;
    const GivesUp sys{{9}};
    absl::StatusOr<BmcResult> r = unrolled ? bmc(sys, z, 20) : bmc_frontier(sys, z, 20);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->verdict, InductionVerdict::kUnknown);
    EXPECT_TRUE(r->z3_unknown);
    EXPECT_EQ(r->unknown_reason, "timeout");
    EXPECT_EQ(r->depth, 2u);  // depths 0..2 were asked of the relations built
  }
  // k-induction of x != 7 (not inductive: 5 -> 7) needs a third relation at k = 1.
  z3::context z;
  absl::StatusOr<InductionResult> k = k_induction(GivesUp{{7}}, z, 20, [](z3::context& c, const SymbolicState&) {
    return c.bool_val(true);
  });
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_EQ(k->verdict, InductionVerdict::kUnknown);
  EXPECT_TRUE(k->z3_unknown);
  EXPECT_EQ(k->unknown_reason, "timeout");
}

}  // namespace
}  // namespace wbcheck::properties
