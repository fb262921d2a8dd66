#include "model/sym/state.h"

#include "model/errseq.h"

namespace wbcheck::model::sym {

Layout layout_of(const Context& c) {
  Layout l;
  State s{};
  visit_state_fields(s, c, [&](const std::string& key, auto& field, const Domain& d) {
    if (!is_live(d)) return;
    l.keys.push_back(key);
    l.widths.push_back(sizeof field * 8);
    l.domains.push_back(d);
  });
  return l;
}

SymState make_state(const Context& c, const std::vector<z3::expr>& live) {
  SymState s;
  size_t i = 0;
  visit_state_fields(s, c, [&](const std::string&, auto& field, const Domain& d) {
    if (is_live(d)) field = std::remove_reference_t<decltype(field)>(live.at(i++));
  });
  return s;
}

FieldExprs field_exprs(const Context& c, SymState& s) {
  FieldExprs out;
  visit_state_fields(s, c, [&](const std::string& key, auto& field, const Domain& d) {
    if (is_live(d)) {
      out.live.push_back(field.expr());
    } else {
      out.dead.push_back(field.expr());
      out.dead_keys.push_back(key);
    }
  });
  return out;
}

std::vector<uint64_t> live_values(const Context& c, const State& s) {
  std::vector<uint64_t> out;
  State copy = s;
  visit_state_fields(copy, c, [&](const std::string&, auto& field, const Domain& d) {
    if (is_live(d)) out.push_back(field);
  });
  return out;
}

State state_of(const Context& c, const std::vector<uint64_t>& live) {
  State s{};
  size_t i = 0;
  visit_state_fields(s, c, [&](const std::string&, auto& field, const Domain& d) {
    if (is_live(d)) field = static_cast<std::remove_reference_t<decltype(field)>>(live.at(i++));
  });
  return s;
}

z3::expr in_domain(const Domain& d, const z3::expr& v) {
  z3::context& z = v.ctx();
  const unsigned w = v.get_sort().bv_size();
  auto val = [&](uint64_t x) { return z.bv_val(x, w); };
  switch (d.kind) {
    case Domain::kRange: return z3::ule(v, val(d.max));
    case Domain::kVersions:
      return z3::ule(v, val(d.max)) || v == val(kVersionGarbage) || v == val(kVersionInitial);
    case Domain::kErrseq: return z3::ule(v & val(kErrseqErrMask), val(d.max));
    case Domain::kSet: {
      z3::expr any = z.bool_val(false);
      for (uint64_t x : d.values) any = any || v == val(x);
      return any;
    }
  }
  return z.bool_val(false);
}

}  // namespace wbcheck::model::sym
