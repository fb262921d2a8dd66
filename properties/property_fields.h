// Which fields a property's definition reads: the field constants of its Z3
// encoding (the same definition as the native evaluator, properties/
// definitions.h). Every field the evaluator can look at, on any branch, is
// there, so it over-approximates what it reads in any one state. Used by the
// text trace to show the violating state's relevant part and to decide which
// steps a violation depends on (cli/trace_annotate.h).
#pragma once

#include <utility>
#include <vector>

#include "model/context.h"
#include "model/fields.h"
#include "properties/registry.h"

namespace wbcheck::properties {

struct FieldRef {
  model::Field field;
  int index;
};

// One Z3 context for the properties of one context: creating it is most of
// the cost, so a caller asking about several properties keeps one of these.
class PropertyFields {
 public:
  explicit PropertyFields(const model::Context& c) : c_(c), view_(c, z_) {}
  // The fields p reads, in field-table order (model/fields.h), then by index.
  std::vector<FieldRef> of(const PropertyDef& p);

 private:
  const model::Context& c_;
  z3::context z_;
  Z3View view_;
};

}  // namespace wbcheck::properties
