#include "properties/property_fields.h"

#include <set>
#include <string>

namespace wbcheck::properties {
namespace {

// The names of the uninterpreted constants of e, visiting each shared
// subterm once (definitions share subterms; a tree walk could be exponential).
void collect_constants(const z3::expr& e, std::set<unsigned>& seen, std::set<std::string>& names) {
  if (!seen.insert(Z3_get_ast_id(e.ctx(), e)).second || !e.is_app()) return;
  if (e.num_args() == 0 && e.decl().decl_kind() == Z3_OP_UNINTERPRETED) names.insert(e.decl().name().str());
  for (unsigned i = 0; i < e.num_args(); ++i) collect_constants(e.arg(i), seen, names);
}

}  // namespace

std::vector<FieldRef> PropertyFields::of(const PropertyDef& p) {
  const model::Context& c = c_;
  std::set<unsigned> seen;
  std::set<std::string> names;
  collect_constants(p.symbolic(view_), seen, names);
  std::vector<FieldRef> out;
  for (int i = 0; i < model::kNumFields; ++i) {
    auto f = static_cast<model::Field>(i);
    for (int k = 0; k < model::field_instances(c, f); ++k) {
      if (names.count(model::field_key(c, f, k))) out.push_back({f, k});
    }
  }
  return out;
}

}  // namespace wbcheck::properties
