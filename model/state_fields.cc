#include "model/state_fields.h"

#include <algorithm>

#include "model/errseq.h"

namespace wbcheck::model {

bool Domain::contains(uint64_t v) const {
  switch (kind) {
    case kRange: return v <= max;
    case kVersions: return v <= max || v == kVersionGarbage || v == kVersionInitial;
    case kErrseq: return (v & kErrseqErrMask) <= max;
    case kSet: return std::find(values.begin(), values.end(), v) != values.end();
  }
  return false;
}

}  // namespace wbcheck::model
