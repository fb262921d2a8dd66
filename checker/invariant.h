// A named predicate that must hold in every reachable state.
#pragma once

#include <functional>
#include <string>

namespace wbcheck::checker {

template <class State>
struct Invariant {
  std::string id;                           // e.g. "no-stale-dirty-folio"
  std::function<bool(const State&)> holds;  // may throw; exceptions reach check()'s caller
};

}  // namespace wbcheck::checker
