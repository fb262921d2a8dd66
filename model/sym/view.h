// The property and guard definitions' view (model/fields.h's ConcreteView
// interface) of a symbolic state: get() is the field's bit-vector, widened to
// 64 bits, so the definitions written once over a view (model/enabled.h,
// model/observations.h, properties/definitions.h) become Z3 formulas over the
// symbolic state's variables. Fields are unsigned and at most 32 bits wide,
// so the signed comparisons of z3++'s operators on the widened values agree
// with the integers of ConcreteView.
#pragma once

#include <cstdint>

#include <z3++.h>

#include "model/context.h"
#include "model/field_access.h"
#include "model/fields.h"
#include "model/sym/state.h"

namespace wbcheck::model::sym {

class SymView {
 public:
  using Bool = z3::expr;
  using Int = z3::expr;

  SymView(const Context& c, const SymState& s, z3::context& z) : c_(c), s_(s), z_(z) {}
  const Context& context() const { return c_; }
  Int get(Field f, int index) const {
    return with_field(s_, f, index, [](const auto& v) { return z3::zext(v.expr(), 64 - v.expr().get_sort().bv_size()); });
  }
  Int lit(int64_t v) const { return z_.bv_val(v, 64); }
  Bool lit_bool(bool v) const { return z_.bool_val(v); }
  Int ite(const Bool& c, const Int& a, const Int& b) const { return z3::ite(c, a, b); }
  Bool implies(const Bool& a, const Bool& b) const { return z3::implies(a, b); }

 private:
  const Context& c_;
  const SymState& s_;
  z3::context& z_;
};

}  // namespace wbcheck::model::sym
