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
inline uint64_t kernel_round_up(uint64_t x, uint64_t y) { return ((x - 1) | (y - 1)) + 1; }
inline uint64_t kernel_round_down(uint64_t x, uint64_t y) { return x & ~(y - 1); }

}  // namespace wbcheck::model
