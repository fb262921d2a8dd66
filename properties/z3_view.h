// The symbolic domain of the property definitions: every field instance of
// the state is one Z3 integer constant named by its key ("folio[1].dirty").
// Booleans are 0/1 integers, as in ConcreteView, so definitions compare both
// the same way.
#pragma once

#include <vector>

#include <z3++.h>

#include "model/context.h"
#include "model/fields.h"
#include "model/state.h"

namespace wbcheck::properties {

class Z3View {
 public:
  using Bool = z3::expr;
  using Int = z3::expr;

  Z3View(const model::Context& c, z3::context& z);

  const model::Context& context() const { return c_; }
  Int get(model::Field f, int index) const;
  Int lit(int64_t v) const { return z_.int_val(static_cast<int64_t>(v)); }
  Bool lit_bool(bool v) const { return z_.bool_val(v); }
  Int ite(const Bool& c, const Int& a, const Int& b) const { return z3::ite(c, a, b); }
  Bool implies(const Bool& a, const Bool& b) const { return z3::implies(a, b); }

  // Every field constant, and the values a concrete state gives them, in the
  // same order: the substitution that evaluates a formula on that state.
  const z3::expr_vector& constants() const { return all_; }
  z3::expr_vector values_of(const model::State& s) const;

 private:
  const model::Context& c_;
  z3::context& z_;
  std::vector<std::vector<z3::expr>> by_field_;  // [field][instance]
  z3::expr_vector all_;
};

}  // namespace wbcheck::properties
