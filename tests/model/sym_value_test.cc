// The symbolic value domain computes what C computes: each expression is
// evaluated on plain integers by the compiler and on Sym values by Z3, for
// random operands of mixed types (promotions, signed/unsigned comparisons,
// wrap-around, truncating assignment); and the path explorer visits every
// feasible path of a small function exactly once.
#include "model/sym/value.h"

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/expr.h"
#include "model/sym/explorer.h"

namespace wbcheck::model::sym {
namespace {

class SymValue : public ::testing::Test {
 protected:
  z3::context z_;
  PathExplorer ex_{z_};
  ExplorerScope scope_{ex_};
  uint64_t seed_ = 0x9e3779b97f4a7c15u;
  uint64_t next() {
    seed_ = seed_ * 6364136223846793005u + 1442695040888963407u;
    return seed_ >> 17;
  }
  template <class T>
  static uint64_t bits(const Sym<T>& v) {
    return v.expr().simplify().get_numeral_uint64();
  }
  static bool truth(const SymBool& b) {
    const z3::expr e = b.expr().simplify();
    EXPECT_TRUE(e.is_true() || e.is_false()) << e;
    return e.is_true();
  }
  template <class T>
  static uint64_t bits_of(T v) {
    return static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(v));
  }
};

TEST_F(SymValue, ArithmeticFollowsC) {
  for (int round = 0; round < 300; ++round) {
    const auto a = static_cast<uint8_t>(next());
    const auto b = static_cast<uint16_t>(next());
    const auto c = static_cast<uint32_t>(next() % 5 == 0 ? next() % 4 : next());
    const auto i = static_cast<int>(next() % 3 == 0 ? -static_cast<int>(next() % 1000) : static_cast<int>(next() % 1000));
    const auto u = static_cast<uint64_t>(next() % 4 == 0 ? 0 : next());
    const Sym<uint8_t> sa(a);
    const Sym<uint16_t> sb(b);
    const Sym<uint32_t> sc(c);
    const Sym<uint64_t> su(u);
    SCOPED_TRACE(::testing::Message() << "a=" << int{a} << " b=" << b << " c=" << c << " i=" << i << " u=" << u);
    EXPECT_EQ(bits(sa + sb), bits_of(a + b));
    EXPECT_EQ(bits(sa - sb), bits_of(a - b));  // int: negative
    EXPECT_EQ(bits(sc - sa), bits_of(c - a));  // unsigned: wraps at 32 bits
    EXPECT_EQ(bits(su - 1), bits_of(u - 1));   // wraps at 64 bits
    EXPECT_EQ(bits(sa * i), bits_of(a * i));
    EXPECT_EQ(bits(i - sc), bits_of(i - c));
    if (b != 0) {
      EXPECT_EQ(bits(sc / sb), bits_of(c / b));
      EXPECT_EQ(bits(i / sb), bits_of(i / b));  // signed division truncates toward zero
      EXPECT_EQ(bits(i % sb), bits_of(i % b));
      EXPECT_EQ(bits(sc % sb), bits_of(c % b));
    }
    EXPECT_EQ(bits(sa << 5), bits_of(a << 5));
    EXPECT_EQ(bits(sc >> 3), bits_of(c >> 3));
    EXPECT_EQ(bits(~sa), bits_of(~a));
    EXPECT_EQ(bits(-sc), bits_of(-c));
    EXPECT_EQ(bits(sa & sb), bits_of(a & b));
    EXPECT_EQ(bits(sb | sc), bits_of(b | c));
    EXPECT_EQ(bits(sb ^ i), bits_of(b ^ i));
    EXPECT_EQ(truth(i < sc), static_cast<unsigned>(i) < c) << "int vs unsigned compares unsigned, as C does";
    EXPECT_EQ(truth(sa - 100 < 0), a - 100 < 0);
    EXPECT_EQ(truth(sa > sb), a > b);
    EXPECT_EQ(truth(sb <= i), b <= i);
    EXPECT_EQ(truth(su >= sc), u >= c);
    EXPECT_EQ(truth(sa == sb), a == b);
    EXPECT_EQ(truth(sa != 7), a != 7);
    // Assignment converts like C: truncation to the field's width.
    Sym<uint8_t> t = sb + 300;
    EXPECT_EQ(bits(t), bits_of(static_cast<uint8_t>(b + 300)));
    Sym<uint16_t> w = sa;
    w -= 1000;
    uint16_t pw = a;
    pw = static_cast<uint16_t>(pw - 1000);
    EXPECT_EQ(bits(w), bits_of(pw));
    w++;
    ++pw;
    EXPECT_EQ(bits(w), bits_of(pw));
    Sym<uint8_t> flag = (sa < sb);
    EXPECT_EQ(bits(flag), bits_of(static_cast<uint8_t>(a < b)));
  }
}

// if (x < 2) { if (y) r = 1; else r = 2; } else r = 3 + x;  with x in 0..3 and
// y in 0..1: paths x<2&y, x<2&!y, x>=2; then `int k = r` concretizes r.
TEST_F(SymValue, ExplorerVisitsEveryFeasiblePathOnce) {
  const z3::expr x = z_.bv_const("x", 8), y = z_.bv_const("y", 8);
  ex_.assume_always(z3::ule(x, z_.bv_val(3, 8)));
  ex_.assume_always(z3::ule(y, z_.bv_val(1, 8)));
  std::multiset<int> ks;
  std::vector<std::string> conditions;
  ex_.explore(
      [&] {
        Sym<uint8_t> sx(x), sy(y), r;
        if (sx < 2) {
          if (sy) r = 1;
          else r = 2;
        } else {
          r = sx + 3;
        }
        const int k = r;
        ks.insert(k);
      },
      [&](const z3::expr& pc) { conditions.push_back(pc.to_string()); },
      [&](const z3::expr&, const std::string&) { ADD_FAILURE() << "no belief can break here"; });
  // x<2: r is 1 or 2 (one value each); x>=2: r = x + 3 takes 5 and 6.
  EXPECT_EQ(ks, (std::multiset<int>{1, 2, 5, 6}));
  EXPECT_EQ(ex_.stats().paths, 4u);
  EXPECT_EQ(conditions.size(), 4u);
}

TEST_F(SymValue, InfeasibleAssumptionDropsThePath) {
  const z3::expr x = z_.bv_const("x", 8);
  ex_.assume_always(z3::ule(x, z_.bv_val(3, 8)));
  int done = 0;
  ex_.explore(
      [&] {
        Sym<uint8_t> sx(x);
        ex_.assume((sx > 5).expr());
      },
      [&](const z3::expr&) { ++done; }, [](const z3::expr&, const std::string&) {});
  EXPECT_EQ(done, 0);
  EXPECT_EQ(ex_.stats().infeasible, 1u);
}

// A policy's range expression gives the same bits on both domains
// (prove-ranges runs Expr::eval_as on Sym values): wrapping sums, the
// kernel's round_up/round_down, and loff_t's signed comparisons, on random
// values and on the edges (0, 1, 2^63, 2^64 - 1).
TEST_F(SymValue, RangeExpressionsEvaluateAsTheModelDoes) {
  const char* texts[] = {"pos", "round_up(pos, folio_size)", "folio_pos + folio_size - block_size",
                         "round_down(i_size - 1, block_size) + count", "pos - folio_pos < block_size",
                         "i_size >= pos + 4096", "pos == round_up(pos, folio_size)", "sick != corrupt",
                         "i_size <= folio_pos", "count > pos - i_size"};
  const uint64_t edges[] = {0, 1, uint64_t{1} << 63, ~uint64_t{0}};
  for (const char* text : texts) {
    absl::StatusOr<Expr> e = Expr::parse(text);
    ASSERT_TRUE(e.ok()) << text;
    for (int round = 0; round < 100; ++round) {
      HookEnv env;
      std::array<Sym<uint64_t>, kNumVars> vars;
      for (int v = 0; v < kNumVars; ++v) {
        const uint64_t pick = next();
        env.values[v] = pick % 3 == 0 ? edges[pick % 4] : v == static_cast<int>(Var::kFolioSize) ||
                                                                  v == static_cast<int>(Var::kBlockSize)
                                                              ? uint64_t{1} << (pick % 22)
                                                              : next() * next();
        vars[v] = Sym<uint64_t>(env.values[v]);
      }
      SCOPED_TRACE(::testing::Message() << text << " round " << round);
      EXPECT_EQ(bits(e->eval_as(vars)), e->eval(env));
    }
  }
}

}  // namespace
}  // namespace wbcheck::model::sym
