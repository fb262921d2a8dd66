// Range expressions in policies: small arithmetic over the values a hook sees
// (`pos`, `folio_pos`, `folio_size`, `block_size`, `count`, `i_size`, `sick`,
// `corrupt`), with `+`, `-`,
// `round_up(x, y)`, `round_down(x, y)`, parentheses, integer literals and one
// optional comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) for `when` guards.
//
// Arithmetic is the kernel's: 64-bit two's complement that wraps, and
// round_up/round_down are the <linux/math.h> bit tricks for power-of-two
// alignments, so round_up(0, 4096) == 0 exactly as in the 6.2 discard bug.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wbcheck::model {

// The variables a hook expression may name.
// `corrupt` is 1 when the error being handled is -EFSCORRUPTED.
enum class Var : uint8_t { kPos, kFolioPos, kFolioSize, kBlockSize, kCount, kISize, kSick, kCorrupt };
inline constexpr int kNumVars = 8;
const char* var_name(Var v);

// Values bound to the variables when a hook runs.
struct HookEnv {
  uint64_t values[kNumVars] = {};
  uint64_t get(Var v) const { return values[static_cast<int>(v)]; }
};

class Expr {
 public:
  enum class Op : uint8_t { kConst, kVar, kAdd, kSub, kRoundUp, kRoundDown,
                            kEq, kNe, kLt, kLe, kGt, kGe };
  struct Node {
    Op op;
    Var var;         // kVar
    uint64_t value;  // kConst
    int lhs, rhs;    // operand node indices for binary ops
  };

  // Parses `text`; on error the status message says what was expected and where.
  static absl::StatusOr<Expr> parse(std::string_view text);

  // The value under `env` (comparisons give 0 or 1).
  uint64_t eval(const HookEnv& env) const;
  // The same on any value type with C's arithmetic: uint64_t (eval above), or
  // sym::Sym<uint64_t> for prove-ranges (properties/range_proof.cc), which
  // proves a policy's ranges for every geometry with this very code.
  template <class U>
  U eval_as(const std::array<U, kNumVars>& vars) const;
  // True when the top-level operator is a comparison.
  bool is_condition() const;
  const std::string& text() const { return text_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  int root() const { return root_; }

 private:
  friend class ExprParser;
  std::string text_;
  std::vector<Node> nodes_;
  int root_ = -1;
};

// The kernel's round_up/round_down for a power-of-two y, on wrapping u64.
template <class U>
U kernel_round_up(const U& x, const U& y) { return U(((x - 1) | (y - 1)) + 1); }
template <class U>
U kernel_round_down(const U& x, const U& y) { return U(x & ~(y - 1)); }

// loff_t's view of a u64 (model/sym/value.h has the symbolic one).
inline int64_t as_signed(uint64_t x) { return static_cast<int64_t>(x); }

template <class U>
U Expr::eval_as(const std::array<U, kNumVars>& vars) const {
  // Nodes are appended after their operands, so one forward pass evaluates all.
  std::vector<U> v;
  v.reserve(nodes_.size());
  for (const Node& n : nodes_) {
    const U a = n.lhs >= 0 ? v[n.lhs] : U(0), b = n.rhs >= 0 ? v[n.rhs] : U(0);
    const auto sa = as_signed(a), sb = as_signed(b);  // loff_t compares signed
    switch (n.op) {
      case Op::kConst: v.push_back(U(n.value)); break;
      case Op::kVar: v.push_back(vars[static_cast<int>(n.var)]); break;
      case Op::kAdd: v.push_back(U(a + b)); break;
      case Op::kSub: v.push_back(U(a - b)); break;
      case Op::kRoundUp: v.push_back(kernel_round_up(a, b)); break;
      case Op::kRoundDown: v.push_back(kernel_round_down(a, b)); break;
      case Op::kEq: v.push_back(U(a == b)); break;
      case Op::kNe: v.push_back(U(a != b)); break;
      case Op::kLt: v.push_back(U(sa < sb)); break;
      case Op::kLe: v.push_back(U(sa <= sb)); break;
      case Op::kGt: v.push_back(U(sa > sb)); break;
      case Op::kGe: v.push_back(U(sa >= sb)); break;
    }
  }
  return v[root_];
}

}  // namespace wbcheck::model
