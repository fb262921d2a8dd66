// The symbolic state: the State layout with a Z3 bit-vector per field
// (model/sym/value.h), and its correspondence with the variables of a
// symbolic transition system. Only the live fields -- those whose domain
// allows more than 0 -- are variables; the instances past the scenario's
// blocks, folios, tasks and ioend slots are the constant 0 they always are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <z3++.h>

#include "model/context.h"
#include "model/state.h"
#include "model/state_fields.h"
#include "model/sym/value.h"

namespace wbcheck::model {

using SymState = StateT<sym::Sym>;

namespace sym {

struct Layout {
  std::vector<std::string> keys;  // "task[1].phase"
  std::vector<unsigned> widths;   // bits
  std::vector<Domain> domains;
};

inline bool is_live(const Domain& d) { return !(d.kind == Domain::kRange && d.max == 0); }

Layout layout_of(const Context& c);

// The symbolic state whose live fields are `live` (in layout order) and whose
// other fields are 0. Inside an ExplorerScope (the values need its context).
SymState make_state(const Context& c, const std::vector<z3::expr>& live);

// The expressions of a symbolic state's fields: the live ones in layout
// order, and the others (which must be 0).
struct FieldExprs {
  std::vector<z3::expr> live, dead;
  std::vector<std::string> dead_keys;
};
FieldExprs field_exprs(const Context& c, SymState& s);

// A concrete state's live field values, in layout order, and back (the other
// fields 0).
std::vector<uint64_t> live_values(const Context& c, const State& s);
State state_of(const Context& c, const std::vector<uint64_t>& live);

// v is in domain d.
z3::expr in_domain(const Domain& d, const z3::expr& v);

}  // namespace sym
}  // namespace wbcheck::model
