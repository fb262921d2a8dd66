#include "checker/trace_slice.h"

namespace wbcheck::checker {

std::vector<bool> relevant_steps(const std::vector<StepAccess>& steps, const ResourceSet& property_reads) {
  std::vector<bool> relevant(steps.size(), false);
  ResourceSet needed = property_reads;
  for (size_t i = steps.size(); i-- > 0;) {
    // The last step is kept even if the property's reads missed it: it is
    // where the trace ends, and a reader expects to see it.
    if (i + 1 != steps.size() && (steps[i].writes & needed).none()) continue;
    relevant[i] = true;
    needed |= steps[i].reads;
  }
  return relevant;
}

}  // namespace wbcheck::checker
