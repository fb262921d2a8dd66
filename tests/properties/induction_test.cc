// BMC and k-induction (properties/induction.h) on toy transition systems whose
// answers are worked out by hand below, so no expected value comes from the
// program.
#include "properties/induction.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace wbcheck::properties {
namespace {

// x: 3 bits, starts at 0, x' = x + 1 (wrapping at 8). P: x != 5.
// Reachable: 0..7, so P fails after exactly 5 steps: 0 1 2 3 4 5.
struct Counter8 {
  std::vector<unsigned> widths() const { return {3}; }
  z3::expr init(z3::context& z, const SymbolicState& s) const { return s[0] == z.bv_val(0, 3); }
  z3::expr trans(z3::context& z, const SymbolicState& s, const SymbolicState& t) const {
    return t[0] == s[0] + z.bv_val(1, 3);
  }
  z3::expr property(z3::context& z, const SymbolicState& s) const { return s[0] != z.bv_val(5, 3); }
};

// x: 4 bits, starts at 0, x' = x + 2 while x < 10, else x stays. P: x != 5.
// Reachable: 0 2 4 6 8 10, so P holds. Step cases (states satisfying P,
// pairwise distinct, then one violating):
//   k = 0: x0 = 3 -> 5: a counterexample to induction, 3 unreachable;
//   k = 1: 1 -> 3 -> 5;
//   k = 2: x0 -> 1 needs x0 + 2 = 1 (mod 16), x0 = 15, but 15 >= 10 stays
//          at 15: no such path. Proved at k = 2.
// With the auxiliary invariant "x is even" (true of 0, kept by + 2 and by
// staying), the step case k = 0 is already unsatisfiable: proved at k = 0.
struct Evens {
  std::vector<unsigned> widths() const { return {4}; }
  z3::expr init(z3::context& z, const SymbolicState& s) const { return s[0] == z.bv_val(0, 4); }
  z3::expr trans(z3::context& z, const SymbolicState& s, const SymbolicState& t) const {
    return t[0] == z3::ite(z3::ult(s[0], z.bv_val(10, 4)), s[0] + z.bv_val(2, 4), s[0]);
  }
  z3::expr property(z3::context& z, const SymbolicState& s) const { return s[0] != z.bv_val(5, 4); }
};

static_assert(SymbolicSystem<Counter8>);
static_assert(SymbolicSystem<Evens>);

auto no_aux = [](z3::context& z, const SymbolicState&) { return z.bool_val(true); };
auto even = [](z3::context& z, const SymbolicState& s) { return (s[0] & z.bv_val(1, 4)) == z.bv_val(0, 4); };
auto below_six = [](z3::context& z, const SymbolicState& s) { return z3::ult(s[0], z.bv_val(6, 4)); };

std::vector<StateValues> states(std::initializer_list<uint64_t> xs) {
  std::vector<StateValues> out;
  for (uint64_t x : xs) out.push_back({x});
  return out;
}

TEST(Bmc, FindsTheShortestCounterexample) {
  z3::context z_;
  absl::StatusOr<BmcResult> r = bmc(Counter8{}, z_, 10);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kViolated);
  EXPECT_EQ(r->depth, 5u);
  EXPECT_EQ(r->trace, states({0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(r->seconds.size(), 6u);  // depths 0..5 asked
}

TEST(Bmc, BoundedHoldsBelowTheCounterexample) {
  z3::context z_;
  absl::StatusOr<BmcResult> r = bmc(Counter8{}, z_, 4);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kHolds);
  EXPECT_EQ(r->depth, 4u);
  EXPECT_TRUE(r->trace.empty());
}

TEST(Bmc, HoldsOnEvens) {
  z3::context z_;
  absl::StatusOr<BmcResult> r = bmc(Evens{}, z_, 8);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kHolds);
  EXPECT_EQ(r->depth, 8u);
}

TEST(KInduction, BaseCaseFindsTheBug) {
  z3::context z_;
  absl::StatusOr<InductionResult> r = k_induction(Counter8{}, z_, 10, no_aux);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kViolated);
  EXPECT_EQ(r->k, 5u);
  EXPECT_EQ(r->trace, states({0, 1, 2, 3, 4, 5}));
}

TEST(KInduction, CounterexampleToInductionBeforeTheBug) {
  z3::context z_;
  // k = 0..2 step cases are satisfiable (x = 4 -> 5, 3 4 5, 2 3 4 5), the base
  // cases up to 2 are not: unknown, with the k = 2 path as the CTI.
  absl::StatusOr<InductionResult> r = k_induction(Counter8{}, z_, 2, no_aux);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kUnknown);
  EXPECT_FALSE(r->z3_unknown);
  EXPECT_EQ(r->cti, states({2, 3, 4, 5}));
}

TEST(KInduction, ProvesEvensAtTwo) {
  z3::context z_;
  absl::StatusOr<InductionResult> r = k_induction(Evens{}, z_, 5, no_aux);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kHolds);
  EXPECT_EQ(r->k, 2u);
}

TEST(KInduction, UnreachableCtiWhenKIsTooSmall) {
  z3::context z_;
  absl::StatusOr<InductionResult> r = k_induction(Evens{}, z_, 1, no_aux);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kUnknown);
  EXPECT_EQ(r->cti, states({1, 3, 5}));  // 1 is not reachable: the induction is too weak, not the system
}

TEST(KInduction, AuxiliaryInvariantMakesItOneInductive) {
  z3::context z_;
  absl::StatusOr<InductionResult> r = k_induction(Evens{}, z_, 5, even);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kHolds);
  EXPECT_EQ(r->k, 0u);
}

TEST(KInduction, WrongAuxiliaryInvariantProvesNothing) {
  z3::context z_;
  // x < 6 fails at x = 6, three steps in: 0 2 4 6.
  absl::StatusOr<InductionResult> r = k_induction(Evens{}, z_, 5, below_six);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->verdict, InductionVerdict::kUnknown);
  EXPECT_TRUE(r->aux_refuted);
  EXPECT_EQ(r->k, 3u);
  EXPECT_EQ(r->trace, states({0, 2, 4, 6}));
}

// A Z3 error (here: two state copies of different widths compared) is an
// error status, not a verdict.
struct IllTyped {
  std::vector<unsigned> widths() const { return {3}; }
  z3::expr init(z3::context& z, const SymbolicState& s) const { return s[0] == z.bv_val(0, 5); }
  z3::expr trans(z3::context&, const SymbolicState& s, const SymbolicState& t) const { return t[0] == s[0]; }
  z3::expr property(z3::context& z, const SymbolicState&) const { return z.bool_val(true); }
};

TEST(Bmc, Z3ExceptionIsAnError) {
  z3::context z_;
  absl::StatusOr<BmcResult> r = bmc(IllTyped{}, z_, 2);
  EXPECT_FALSE(r.ok());
  absl::StatusOr<InductionResult> k = k_induction(IllTyped{}, z_, 2, no_aux);
  EXPECT_FALSE(k.ok());
}

}  // namespace
}  // namespace wbcheck::properties
