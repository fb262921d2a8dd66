#include "properties/crosscheck.h"

#include "absl/strings/str_cat.h"

namespace wbcheck::properties {

Crosscheck::Crosscheck(const model::Context& c)
    : c_(c), z_(std::make_unique<z3::context>()), view_(std::make_unique<Z3View>(c, *z_)) {
  for (const PropertyDef& p : all_properties()) formulas_.push_back(p.symbolic(*view_));
}

bool Crosscheck::evaluate(size_t index, const model::State& s) {
  try {
    z3::expr_vector values = view_->values_of(s);
    z3::expr_vector from = view_->constants();
    z3::expr value = formulas_[index].substitute(from, values).simplify();
    ++evaluations_;
    if (value.is_true()) return true;
    if (value.is_false()) return false;
    throw CrosscheckError(absl::StrCat("Z3 did not reduce property ", all_properties()[index].id,
                                       " to a constant: ", value.to_string()));
  } catch (const z3::exception& e) {
    throw CrosscheckError(absl::StrCat("Z3 failed on property ", all_properties()[index].id, ": ", e.msg()));
  }
}

bool Crosscheck::checked(size_t index, const model::State& s) {
  bool native = all_properties()[index].native(model::ConcreteView(c_, s));
  bool symbolic = evaluate(index, s);
  if (native != symbolic) {
    throw CrosscheckError(absl::StrCat("property ", all_properties()[index].id, " is ",
                                       native ? "true" : "false", " natively but ",
                                       symbolic ? "true" : "false", " in Z3 on a reached state"));
  }
  return native;
}

}  // namespace wbcheck::properties
