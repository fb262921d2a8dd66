#include "model/expr.h"

#include <cctype>

#include "absl/strings/str_cat.h"

namespace wbcheck::model {

const char* var_name(Var v) {
  switch (v) {
    case Var::kPos: return "pos";
    case Var::kFolioPos: return "folio_pos";
    case Var::kFolioSize: return "folio_size";
    case Var::kBlockSize: return "block_size";
    case Var::kCount: return "count";
    case Var::kISize: return "i_size";
    case Var::kSick: return "sick";
    case Var::kCorrupt: return "corrupt";
  }
  return "?";
}

// Recursive descent over:  cond := sum [cmp sum];  sum := term {(+|-) term};
// term := number | var | round_up(cond-free sum, sum) | round_down(...) | ( sum )
class ExprParser {
 public:
  explicit ExprParser(std::string_view text) : text_(text) {}

  absl::StatusOr<Expr> run() {
    expr_.text_ = std::string(text_);
    int root = condition();
    skip_space();
    if (error_.empty() && at_ < text_.size()) fail("unexpected '" + std::string(1, text_[at_]) + "'");
    if (!error_.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("in expression \"", std::string(text_), "\" at column ", error_at_ + 1, ": ", error_));
    }
    expr_.root_ = root;
    return std::move(expr_);
  }

 private:
  int add(Expr::Op op, int lhs = -1, int rhs = -1, uint64_t value = 0, Var var = Var::kPos) {
    expr_.nodes_.push_back({op, var, value, lhs, rhs});
    return static_cast<int>(expr_.nodes_.size()) - 1;
  }
  void fail(const std::string& why) {
    if (error_.empty()) { error_ = why; error_at_ = at_; }
  }
  void skip_space() { while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_; }
  bool eat(std::string_view tok) {
    skip_space();
    if (text_.substr(at_, tok.size()) != tok) return false;
    at_ += tok.size();
    return true;
  }

  int condition() {
    int lhs = sum();
    static constexpr std::pair<std::string_view, Expr::Op> kCmp[] = {
        {"==", Expr::Op::kEq}, {"!=", Expr::Op::kNe}, {"<=", Expr::Op::kLe},
        {">=", Expr::Op::kGe}, {"<", Expr::Op::kLt},  {">", Expr::Op::kGt}};
    for (const auto& [tok, op] : kCmp) {
      if (eat(tok)) return add(op, lhs, sum());
    }
    return lhs;
  }
  int sum() {
    int lhs = term();
    while (error_.empty()) {
      if (eat("+")) lhs = add(Expr::Op::kAdd, lhs, term());
      else if (eat("-")) lhs = add(Expr::Op::kSub, lhs, term());
      else break;
    }
    return lhs;
  }
  int call(Expr::Op op) {
    if (!eat("(")) { fail("expected '('"); return -1; }
    int x = sum();
    if (!eat(",")) { fail("expected ','"); return -1; }
    skip_space();
    size_t align_at = at_;
    int y = sum();
    // <linux/math.h> round_up/round_down are bit tricks that are only right
    // for a power-of-two alignment.
    if (error_.empty() && !power_of_two(y)) {
      at_ = align_at;
      fail("the alignment must be a power of two: folio_size, block_size or a power-of-two number");
      return -1;
    }
    if (!eat(")")) { fail("expected ')'"); return -1; }
    return add(op, x, y);
  }
  int term() {
    skip_space();
    if (!error_.empty()) return -1;
    if (eat("(")) {
      int inner = sum();
      if (!eat(")")) fail("expected ')'");
      return inner;
    }
    if (at_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[at_]))) return number();
    size_t start = at_;
    std::string word;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) {
      word += text_[at_++];
    }
    if (word == "round_up") return call(Expr::Op::kRoundUp);
    if (word == "round_down") return call(Expr::Op::kRoundDown);
    for (int v = 0; v < kNumVars; ++v) {
      if (word == var_name(static_cast<Var>(v))) return add(Expr::Op::kVar, -1, -1, 0, static_cast<Var>(v));
    }
    at_ = start;  // report the column where the name starts
    fail(word.empty() ? "expected a number, a variable (pos, folio_pos, folio_size, block_size, count, i_size, sick, corrupt), "
                        "round_up(x, y), round_down(x, y) or '('"
                      : "unknown name '" + word + "'");
    return -1;
  }
  bool power_of_two(int node) const {
    const Expr::Node& n = expr_.nodes_[node];
    if (n.op == Expr::Op::kVar) return n.var == Var::kFolioSize || n.var == Var::kBlockSize;
    return n.op == Expr::Op::kConst && n.value != 0 && (n.value & (n.value - 1)) == 0;
  }

  int number() {
    int base = 10;
    if (text_.substr(at_, 2) == "0x" || text_.substr(at_, 2) == "0X") { base = 16; at_ += 2; }
    uint64_t value = 0;
    size_t digits = 0;
    while (at_ < text_.size() && std::isxdigit(static_cast<unsigned char>(text_[at_]))) {
      char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text_[at_])));
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'a' + 10;
      if (d >= base) break;
      if (value > (UINT64_MAX - d) / base) { fail("number too large"); return -1; }
      value = value * base + d;
      ++at_;
      ++digits;
    }
    if (digits == 0) fail("expected digits");
    return add(Expr::Op::kConst, -1, -1, value);
  }

  std::string_view text_;
  size_t at_ = 0;
  std::string error_;
  size_t error_at_ = 0;
  Expr expr_;
};

absl::StatusOr<Expr> Expr::parse(std::string_view text) { return ExprParser(text).run(); }

bool Expr::is_condition() const {
  Op op = nodes_[root_].op;
  return op >= Op::kEq;
}

uint64_t Expr::eval(const HookEnv& env) const {
  std::array<uint64_t, kNumVars> vars;
  for (int i = 0; i < kNumVars; ++i) vars[i] = env.values[i];
  return eval_as(vars);
}

}  // namespace wbcheck::model
