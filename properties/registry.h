// The properties wbcheck checks: stable ids, English statements, the kernel
// failure each catches, and both evaluators instantiated from the one
// definition in definitions.h.
#pragma once

#include <string_view>
#include <vector>

#include <z3++.h>

#include "model/fields.h"
#include "model/sym/view.h"
#include "properties/z3_view.h"

namespace wbcheck::properties {

struct PropertyDef {
  const char* id;         // stable: tests, baselines and CI users depend on it
  const char* statement;  // holds when ...
  const char* catches;    // the kernel failure a violation corresponds to
  bool (*native)(const model::ConcreteView&);
  z3::expr (*symbolic)(const Z3View&);
  z3::expr (*bitvector)(const model::sym::SymView&);  // over a symbolic state (BMC, k-induction)
};

// Every property, in the fixed order results are reported in.
const std::vector<PropertyDef>& all_properties();
// nullptr when no property has that id.
const PropertyDef* find_property(std::string_view id);

}  // namespace wbcheck::properties
