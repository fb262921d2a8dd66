#include "model/state_fields.h"

namespace wbcheck::model {

bool Domain::contains(uint64_t v) const {
  switch (kind) {
    case kRange: return v <= max;
    case kVersions: return v <= max || v == kVersionGarbage || v == kVersionInitial;
    case kErrseq: return (v & 0xf) <= max;
  }
  return false;
}

}  // namespace wbcheck::model
