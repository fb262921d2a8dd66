#include "model/expr.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace wbcheck::model {
namespace {

// gtest only (no gmock): haystack contains needle.
#define EXPECT_CONTAINS(haystack, needle) EXPECT_PRED_FORMAT2(::testing::IsSubstring, needle, haystack)

HookEnv env(uint64_t pos, uint64_t folio_pos = 0, uint64_t folio_size = 4096, uint64_t block_size = 1024,
            uint64_t count = 0) {
  HookEnv e;
  e.values[static_cast<int>(Var::kPos)] = pos;
  e.values[static_cast<int>(Var::kFolioPos)] = folio_pos;
  e.values[static_cast<int>(Var::kFolioSize)] = folio_size;
  e.values[static_cast<int>(Var::kBlockSize)] = block_size;
  e.values[static_cast<int>(Var::kCount)] = count;
  return e;
}

uint64_t eval(const std::string& text, const HookEnv& e = env(0)) {
  absl::StatusOr<Expr> x = Expr::parse(text);
  EXPECT_TRUE(x.ok()) << x.status();
  return x.ok() ? x->eval(e) : ~uint64_t{0};
}

std::string parse_error(const std::string& text) {
  absl::StatusOr<Expr> x = Expr::parse(text);
  EXPECT_FALSE(x.ok()) << text;
  if (x.ok()) return "";
  EXPECT_EQ(x.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(x.status().message());
}

TEST(KernelRound, MatchesLinuxMath) {
  EXPECT_EQ(kernel_round_up(0, 4096), 0u);  // the 6.2 discard bug: nothing to punch at pos 0
  EXPECT_EQ(kernel_round_up(1, 4096), 4096u);
  EXPECT_EQ(kernel_round_up(4096, 4096), 4096u);
  EXPECT_EQ(kernel_round_down(5000, 4096), 4096u);
}

TEST(Expr, RoundingInExpressions) {
  EXPECT_EQ(eval("round_up(0, 4096)"), 0u);
  EXPECT_EQ(eval("round_up(1, 4096)"), 4096u);
  EXPECT_EQ(eval("round_up(4096, 4096)"), 4096u);
  EXPECT_EQ(eval("round_down(5000, 4096)"), 4096u);
  EXPECT_EQ(eval("round_up(pos, folio_size)", env(5000)), 8192u);
  EXPECT_EQ(eval("round_up(pos, folio_size)", env(0)), 0u);
}

TEST(Expr, Variables) {
  EXPECT_EQ(eval("folio_pos + folio_size", env(0, 8192, 4096)), 12288u);
  EXPECT_EQ(eval("pos - block_size + 1", env(3072)), 2049u);
  EXPECT_EQ(eval("(pos + block_size) - folio_pos", env(4096, 4096)), 1024u);
  EXPECT_EQ(eval("count", env(0, 0, 4096, 1024, 3)), 3u);
}

TEST(Expr, HexAndDecimalLiterals) {
  EXPECT_EQ(eval("0x1400"), 5120u);
  EXPECT_EQ(eval("0X1400"), 5120u);
  EXPECT_EQ(eval("0xffffffffffffffff"), UINT64_MAX);
  EXPECT_EQ(eval("  42 "), 42u);
}

TEST(Expr, ArithmeticWrapsLikeU64) {
  EXPECT_EQ(eval("pos - 1", env(0)), UINT64_MAX);
  // Comparisons are signed, as on loff_t.
  EXPECT_EQ(eval("pos - 1 < 0", env(0)), 1u);
}

TEST(Expr, Conditions) {
  absl::StatusOr<Expr> c = Expr::parse("count == 0");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->is_condition());
  EXPECT_EQ(c->eval(env(0, 0, 4096, 1024, 0)), 1u);
  EXPECT_EQ(c->eval(env(0, 0, 4096, 1024, 2)), 0u);
  EXPECT_EQ(c->text(), "count == 0");
  for (const char* cmp : {"pos != 0", "pos < 1", "pos <= 1", "pos > 1", "pos >= 1"}) {
    absl::StatusOr<Expr> x = Expr::parse(cmp);
    ASSERT_TRUE(x.ok()) << cmp;
    EXPECT_TRUE(x->is_condition()) << cmp;
  }
  absl::StatusOr<Expr> plain = Expr::parse("round_up(pos, folio_size)");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->is_condition());
}

TEST(Expr, ErrorsNameTheColumn) {
  EXPECT_CONTAINS(parse_error("pos +"), "at column 6: expected a number");
  EXPECT_CONTAINS(parse_error("round_up(pos)"), "at column 13: expected ','");
  EXPECT_CONTAINS(parse_error("pos ** 2"), "at column 5: unexpected '*'");
  EXPECT_CONTAINS(parse_error("round_up(pos"), "expected ','");
  EXPECT_CONTAINS(parse_error(""), "at column 1");
}

TEST(Expr, UnknownNameIsReportedAtTheName) {
  std::string msg = parse_error("foo");
  EXPECT_CONTAINS(msg, "unknown name 'foo'");
  EXPECT_CONTAINS(msg, "in expression \"foo\"");
  EXPECT_CONTAINS(msg, "at column 1:");
  EXPECT_CONTAINS(parse_error("pos + bar"), "at column 7: unknown name 'bar'");
}

}  // namespace
}  // namespace wbcheck::model
