#include <string>
#include <vector>

#include "model/merge.h"

namespace wbcheck::model {
namespace {

std::vector<z3::expr> all_fields(const Context& c, SymState& s) {
  std::vector<z3::expr> out;
  visit_state_fields(s, c, [&](const std::string&, auto& field, const Domain&) { out.push_back(field.expr()); });
  return out;
}

}  // namespace

void merge_paths(SymState& s, const Context& c, const std::function<void(SymState&)>& body) {
  sym::PathExplorer& outer = sym::current_explorer();
  sym::PathExplorer inner(outer, sym::PathExplorer::Nested{});
  std::vector<z3::expr> conds, broken;
  std::vector<std::vector<z3::expr>> outcomes;
  std::string where;
  SymState local = s;
  inner.explore(
      [&] {
        local = s;
        body(local);
      },
      [&](const z3::expr& pc) {
        conds.push_back(pc);
        outcomes.push_back(all_fields(c, local));
      },
      [&](const z3::expr& pc, const std::string& w) {
        broken.push_back(pc);
        where = w;
      });
  outer.absorb(inner.stats());
  z3::context& z = outer.context();
  if (!broken.empty()) {
    z3::expr any = z.bool_val(false);
    for (const z3::expr& b : broken) any = any || b;
    if (outer.decide(any)) throw sym::BrokenBelief{where};
  }
  if (outcomes.empty()) throw sym::InfeasiblePath{};
  // The paths' conditions are exclusive, and (broken ones aside) exhaustive
  // on this path: the last outcome is the default of the if-then-else chain.
  std::vector<z3::expr> merged = outcomes.back();
  for (size_t i = outcomes.size() - 1; i-- > 0;) {
    for (size_t f = 0; f < merged.size(); ++f) {
      if (!z3::eq(outcomes[i][f], merged[f])) merged[f] = z3::ite(conds[i], outcomes[i][f], merged[f]);
    }
  }
  size_t f = 0;
  visit_state_fields(s, c, [&](const std::string&, auto& field, const Domain&) {
    field = std::remove_reference_t<decltype(field)>(merged[f++]);
  });
}

}  // namespace wbcheck::model
