#include "properties/z3_view.h"

namespace wbcheck::properties {

Z3View::Z3View(const model::Context& c, z3::context& z) : c_(c), z_(z), all_(z) {
  for (int i = 0; i < model::kNumFields; ++i) {
    auto f = static_cast<model::Field>(i);
    std::vector<z3::expr>& row = by_field_.emplace_back();
    for (int k = 0; k < model::field_instances(c, f); ++k) {
      row.push_back(z.int_const(model::field_key(c, f, k).c_str()));
      all_.push_back(row.back());
    }
  }
}

Z3View::Int Z3View::get(model::Field f, int index) const {
  return by_field_[static_cast<int>(f)][index];
}

z3::expr_vector Z3View::values_of(const model::State& s) const {
  z3::expr_vector out(z_);
  model::ConcreteView v(c_, s);
  for (int i = 0; i < model::kNumFields; ++i) {
    auto f = static_cast<model::Field>(i);
    for (int k = 0; k < model::field_instances(c_, f); ++k) out.push_back(z_.int_val(static_cast<int64_t>(v.get(f, k))));
  }
  return out;
}

}  // namespace wbcheck::properties
