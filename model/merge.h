// Loops over blocks written so that symbolic execution does not fork per
// block. A loop whose body branches on each block's state has 2^n paths when
// every branch forks (model/sym/explorer.h); these helpers keep it linear:
//  - merge_paths(s, c, body): runs body on the state; symbolically, every
//    path of the body is explored from here and the results are merged back
//    into one state (each field an if-then-else over the paths' conditions),
//    so the caller continues on one path. The body may change only the state
//    it is given.
//  - count_blocks / any_block: how many (whether any) blocks of [lo, hi)
//    satisfy a condition on the state, asked as one question.
// On the concrete State they are the plain loop.
#pragma once

#include <functional>

#include "model/context.h"
#include "model/state.h"
#include "model/sym/state.h"

namespace wbcheck::model {

template <class Body>
void merge_paths(State& s, const Context&, Body&& body) {
  body(s);
}
void merge_paths(SymState& s, const Context& c, const std::function<void(SymState&)>& body);

// pred(s, b) is a condition on the state (bool, or sym::SymBool: it must not
// fork, so it compares fields rather than converting them).
template <class Pred>
int count_blocks(const State& s, int lo, int hi, Pred&& pred) {
  int n = 0;
  for (int b = lo; b < hi; ++b) n += pred(s, b) ? 1 : 0;
  return n;
}
template <class Pred>
int count_blocks(const SymState& s, int lo, int hi, Pred&& pred) {
  sym::Sym<int> n(0);
  for (int b = lo; b < hi; ++b) n = n + sym::Sym<int>(pred(s, b));
  return n;  // one fork, over the possible counts
}
template <class S, class Pred>
bool any_block(const S& s, int lo, int hi, Pred&& pred) {
  if constexpr (std::is_same_v<S, State>) {
    for (int b = lo; b < hi; ++b) {
      if (pred(s, b)) return true;
    }
    return false;
  } else {
    z3::expr any = sym::current_explorer().context().bool_val(false);
    for (int b = lo; b < hi; ++b) any = any || sym::SymBool(pred(s, b)).expr();
    return sym::SymBool(any);  // one fork
  }
}

// The extent of block b is one of the kinds for which pred(kind) is true, as
// a condition that does not fork: pred is asked of each kind.
template <class Pred>
bool extent_matches(const State& s, int b, Pred&& pred) {
  return pred(static_cast<ExtentKind>(s.block[b].extent));
}
template <class Pred>
sym::SymBool extent_matches(const SymState& s, int b, Pred&& pred) {
  z3::context& z = sym::current_explorer().context();
  z3::expr any = z.bool_val(false);
  for (int k = 0; k <= static_cast<int>(ExtentKind::kWritten); ++k) {
    if (pred(static_cast<ExtentKind>(k))) any = any || s.block[b].extent.expr() == z.bv_val(k, 8);
  }
  return sym::SymBool(any);
}

}  // namespace wbcheck::model
