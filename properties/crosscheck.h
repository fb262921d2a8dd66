// --z3-crosscheck: every property is evaluated by Z3 on every reached state,
// by substituting the state's field values into the property's formula, and
// compared with the native evaluator. A disagreement means one of the two
// instantiations of a definition is wrong: an internal error, never a verdict.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <z3++.h>

#include "model/context.h"
#include "model/state.h"
#include "properties/registry.h"
#include "properties/z3_view.h"

namespace wbcheck::properties {

// Thrown on a disagreement (or a Z3 failure); the CLI turns it into exit 3.
class CrosscheckError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Crosscheck {
 public:
  explicit Crosscheck(const model::Context& c);
  // Z3's value of property `index` on s; throws CrosscheckError unless it
  // simplifies to true or false.
  bool evaluate(size_t index, const model::State& s);
  // Evaluates natively and with Z3; throws CrosscheckError when they differ.
  bool checked(size_t index, const model::State& s);
  uint64_t evaluations() const { return evaluations_; }

 private:
  const model::Context& c_;
  std::unique_ptr<z3::context> z_;
  std::unique_ptr<Z3View> view_;
  std::vector<z3::expr> formulas_;
  uint64_t evaluations_ = 0;
};

}  // namespace wbcheck::properties
